"""The command line: parse, call the library, turn AuditorError into one Chinese line.

Exit codes: 0 the command ran; 1 gaps found (only with --fail-on); 2 bad usage or input;
3 internal error (traceback written to a log file whose path is printed); 75 another audit
holds the database's lock; 130 interrupted (the stored crawl can be continued with --resume).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

import click

from auditor import __version__
from auditor.collector import tune_collector
from auditor.commands import LazyGroup
from auditor.errors import EXIT_INPUT, EXIT_INTERNAL, AuditorError, explain_os_error


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """auditor:政府网站信息公开合规检查与链接检测工具。"""


def main() -> None:
    tune_collector()
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("已中断。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except AuditorError as exc:
        _show(exc)
        sys.exit(exc.exit_code)
    except (OSError, sqlite3.Error) as exc:
        explained = _explain(exc)
        if explained is None:
            _internal_error()
        _show(explained)
        sys.exit(explained.exit_code)
    except KeyboardInterrupt:
        click.echo("已中断,已抓取的内容保存在数据库中,可用 --resume 继续。", err=True)
        sys.exit(130)
    except Exception:  # noqa: BLE001 - last resort: log, never show a traceback
        _internal_error()
    sys.exit(code if isinstance(code, int) else 0)


def _show(exc: AuditorError) -> None:
    click.echo(f"错误:{exc.message}", err=True)
    if exc.hint:
        click.echo(f"提示:{exc.hint}", err=True)


def _explain(exc: OSError | sqlite3.Error) -> AuditorError | None:
    """Full disks, read-only folders and locked databases are the user's to fix (exit 2/75)."""
    if isinstance(exc, OSError):
        return explain_os_error(exc)
    from auditor.store.failures import explain

    return explain(exc)


def _internal_error() -> NoReturn:
    log = Path(tempfile.gettempdir()) / "auditor-error.log"
    log.write_text(traceback.format_exc(), encoding="utf-8")
    click.echo(f"内部错误:auditor 遇到了意外问题,详情已写入 {log}", err=True)
    click.echo("提示:请把该文件附在问题报告中。", err=True)
    sys.exit(EXIT_INTERNAL)

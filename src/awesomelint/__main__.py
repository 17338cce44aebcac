from awesomelint.cli import run_process

run_process()

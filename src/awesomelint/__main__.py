from awesomelint._start import run

run()

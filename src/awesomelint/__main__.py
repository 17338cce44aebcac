import sys

from awesomelint.cli import main

sys.exit(main())

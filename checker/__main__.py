import sys

from .cli import main

if __name__ == "__main__":  # not when a --jobs worker started by spawn imports it as __mp_main__
    sys.exit(main())

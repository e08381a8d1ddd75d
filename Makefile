# The project's commands. `make demo` runs it, `make test` tests it (see README.md).
.PHONY: setup demo test lint stop clean

setup:
	@scripts/setup.sh

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

lint:
	@scripts/lint.sh

stop:
	@scripts/pg.sh stop

clean: stop
	rm -rf .local

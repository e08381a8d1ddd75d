# The project's commands. `make demo` runs it, `make test` tests it (see README.md).
.PHONY: setup demo test test-one lint pot stop clean populate bench load

setup:
	@scripts/setup.sh

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

# One module or test while working: make test-one T=tests/test_decision.py
test-one:
	@scripts/test.sh --one $(T)

lint:
	@scripts/lint.sh

pot:
	@scripts/pot.sh

populate:
	@SG_BENCH_ONLY_POPULATE=1 scripts/bench.sh

bench:
	@scripts/bench.sh

load:
	@scripts/load.sh

stop:
	@scripts/pg.sh stop

clean: stop
	rm -rf .local

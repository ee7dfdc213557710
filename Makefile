# Blue Suits — the two commands: `make run` (build and start) and `make test` (every test).
SHELL := /bin/bash
.DEFAULT_GOAL := run

ROOT := $(CURDIR)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
SITE_ROOT := $(ROOT)/target/site
SERVER_BIN := $(TARGET_DIR)/release/server
# wasm-opt comes from the npm package binaryen (Debian's is too old to produce a working bundle).
export PATH := $(ROOT)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PG_SERVER ?= postgres://postgres@127.0.0.1:5432
ADDR ?= 127.0.0.1:3000

.PHONY: setup build run test test-sqlite test-postgres test-e2e lint fmt bench bench-roster bench-import bench-matching bench-load fuzz clean

setup:
	@scripts/setup.sh

build: setup
	cargo leptos build --release

## Build and start on http://127.0.0.1:3000 with a SQLite file under data/ and the demo accounts.
## The demo signs staff in with a password alone (the sign-in page says so); a real installation
## leaves BLUE_SUITS_REQUIRE_MFA at its default, on.
run: build
	LEPTOS_SITE_ROOT=$(SITE_ROOT) LEPTOS_SITE_ADDR=$(ADDR) BLUE_SUITS_REQUIRE_MFA=false $(SERVER_BIN) serve --demo

## Every test: unit, property and integration tests on SQLite, integration tests on PostgreSQL,
## then the browser tests against the release build.
test: build test-sqlite test-postgres test-e2e

test-sqlite:
	cargo test --workspace

test-postgres:
	BLUE_SUITS_TEST_POSTGRES=$(PG_SERVER) cargo test -p server --test api

test-e2e:
	cd end2end && BLUE_SUITS_SERVER_BIN=$(SERVER_BIN) BLUE_SUITS_SITE_ROOT=$(SITE_ROOT) npx playwright test

lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cd end2end && npx tsc -p .

fmt:
	cargo fmt --all

bench: build
	scripts/bench.sh

## The roster list on 100,000 experts (SQLite and PostgreSQL); the last line is `p95_ms=<number>`.
bench-roster:
	BLUE_SUITS_BENCH_POSTGRES=$(PG_SERVER) cargo bench -p server --bench roster

## Bulk upload of 100,000 rows (SQLite and PostgreSQL); the last line is `rows_per_s=<number>`.
bench-import:
	BLUE_SUITS_BENCH_POSTGRES=$(PG_SERVER) cargo bench -p server --bench import

## A 10-position request matched against 100,000 experts on SQLite; the last line is `p95_ms=<number>`.
bench-matching:
	cargo bench -p server --bench matching

## Two instances on one PostgreSQL behind HAProxy, 200 people for 60 s, one instance killed
## half-way; the last line is `errors=<count> p99_ms=<number>`. Installs Debian's haproxy if missing.
bench-load:
	command -v haproxy >/dev/null || (apt-get update -qq && apt-get install -y -qq haproxy) \
		|| (sudo apt-get update -qq && sudo apt-get install -y -qq haproxy)
	PATH="$$PATH:/usr/sbin" BLUE_SUITS_BENCH_POSTGRES=$(PG_SERVER) cargo bench -p server --bench load

## Fuzzes the upload row parser for FUZZ_SECONDS (default 60); needs cargo-fuzz, installed on demand.
FUZZ_SECONDS ?= 60
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run upload_rows -- -max_total_time=$(FUZZ_SECONDS)

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results

# Quiver: the two commands a newcomer types are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -ntp

.PHONY: help run test services services-down services-status services-check resilience bench toolchain venv

help:
	@echo "make run         build and start the Flight server on the embedded demo data (ARGS='--help' lists options)"
	@echo "make test        install and start the real local services, prepare .venv (the Python client, chdb), then mvn"
	@echo "                 verify and the Python client tests"
	@echo "make services    install and start PostgreSQL, NATS JetStream, Redis, ClickHouse, Elasticsearch, toxiproxy"
	@echo "make services-check  check the running services' hardening (unprivileged user, loopback, no PG superuser)"
	@echo "make resilience  the stress, subscription, chaos and load suite: mvn verify -Presilience (ARGS=-Dresilience.duration=PT1H"
	@echo "                 for endurance); report in $(REPORT)/report.{md,html,json}"
	@echo "make bench       side-by-side benchmarks against the real services into bench-results/*.json"

toolchain:
	@scripts/toolchain.sh

# .venv: the Python client's tests and chdb-core, whose embedded ClickHouse 26.x some of mvn verify's tests run SQL on
venv:
	@scripts/python-venv.sh >/dev/null

services:
	scripts/services.sh up

services-down:
	scripts/services.sh down

services-status:
	scripts/services.sh status

# Security review M12/M13: every service as quiver-svc on loopback, PostgreSQL's app role no superuser, no trust.
services-check:
	scripts/services.sh check-security

test: toolchain services venv
	scripts/services.sh check-security
	$(MVN) verify; status=$$?; scripts/resilience-summary.sh $(REPORT); exit $$status
	scripts/python-tests.sh

REPORT := resilience-tests/target/resilience-report

# The suite's summary table is printed whether or not every scenario passed, then mvn's status is returned.
resilience: toolchain services venv
	$(MVN) verify -Presilience $(ARGS); status=$$?; scripts/resilience-summary.sh $(REPORT); exit $$status

SERVER_JAR := flight-server/target/quiver-flight-server.jar

run: toolchain
	$(MVN) -q -pl flight-server -am package -DskipTests
	java $(QUIVER_JAVA_OPTS) -jar $(SERVER_JAR) $(ARGS)

bench: toolchain
	scripts/bench.sh all

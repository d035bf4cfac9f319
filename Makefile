# Two commands do everything: `make run` (portal with demo content on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench two-servers lint clean help

help:
	@echo "make run   — cài đặt, tạo CSDL SQLite, nạp dữ liệu mẫu và chạy tại http://127.0.0.1:8000/"
	@echo "make test  — cài đặt (nếu cần) và chạy toàn bộ bộ kiểm thử"
	@echo "make bench — benchmark ngày thi (PostgreSQL + Redis + gunicorn + wrk), không thuộc bộ kiểm thử"

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên (đang có %s)." % sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py setup_roles
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Cổng thông tin: http://127.0.0.1:8000/  — trang quản trị: http://127.0.0.1:8000/admin/"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	bash bench/run.sh

lighthouse: $(STAMP)
	$(PY) bench/lighthouse.py

two-servers: $(STAMP)
	$(PY) bench/two_servers.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache

# Guardian: `make run` starts the tray in standalone mode; `make test` runs every check.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TS := $(wildcard ui/translations/*.ts)
QM := $(TS:.ts=.qm)
SOURCES := $(shell find ui -name '*.py') guardian/notices.py $(wildcard guardian/reports/*.py)
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test check lint typecheck pytest test-xvfb bench screenshots translations lupdate clean \
	freeze packages

$(STAMP): pyproject.toml
	test -x $(PY) || python3 tools/bootstrap_venv.py $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

ui/translations/%.qm: ui/translations/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

run: QT_QPA_PLATFORM =
run: $(STAMP) translations
	$(VENV)/bin/guardian-tray --standalone

lint: $(STAMP)
	$(VENV)/bin/ruff check rules guardian ui tests bench tools installers
	$(VENV)/bin/ruff format --check rules guardian ui tests bench tools installers

typecheck: $(STAMP)
	$(VENV)/bin/mypy rules guardian ui

check: lint typecheck

pytest: $(STAMP) translations
	$(PY) -m pytest -q -m "not xvfb"

# The real tray on a virtual X screen with a tray host (apt: xvfb xauth trayer libxcb-icccm4 libxcb-keysyms1).
test-xvfb: $(STAMP) translations
	@if command -v xvfb-run >/dev/null && command -v trayer >/dev/null; then \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x1024x24" sh tools/with_trayer.sh $(PY) -m pytest -q -m xvfb; \
	else echo "test-xvfb: xvfb-run or trayer missing; skipped (install them as .ci/run does)"; fi

test: check pytest test-xvfb

# The tray figures come from a real tray on Xvfb when it is installed, else offscreen.
bench: $(STAMP) translations
	$(PY) -m bench evaluate day service ipc apps sites-index dns report-week report-merge report-db
	@if command -v xvfb-run >/dev/null && command -v trayer >/dev/null; then \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x1024x24" sh tools/with_trayer.sh $(PY) -m bench tray; \
	else $(PY) -m bench tray; fi

# The tray icon at 16-32 px is grabbed from a real tray host (trayer) on Xvfb.
screenshots: $(STAMP) translations
	$(PY) -m tools.screenshots docs/screenshots
	@if command -v xvfb-run >/dev/null && command -v trayer >/dev/null; then \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x1024x24" $(PY) -m tools.tray_shots docs/screenshots; \
	else echo "screenshots: xvfb-run or trayer missing; tray-sizes-*.png not redrawn (install them as .ci/run does)"; fi

# Refresh the translation sources from the code (then translate, then commit the .ts).
# English keeps only plural forms: its other strings are the source texts themselves.
# lupdate 6.11 does not mark translate(ctx, text, None, n) calls as plural: check the diff
# keeps every <numerusform> before committing (6.12 does, but its runtime is excluded).
lupdate: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $(SOURCES) -no-obsolete -locations none \
		-target-language ru_RU -ts ui/translations/guardian_ru.ts
	$(VENV)/bin/pyside6-lupdate $(SOURCES) -no-obsolete -locations none -pluralonly \
		-target-language en_GB -ts ui/translations/guardian_en.ts

# Packages (installers/README.md): Guardian frozen by PyInstaller into dist/guardian/, then the
# .deb, .rpm and .msi built from it into dist/packages/. On Linux the MSI holds a stand-in tree
# (the real one is built on Windows from a Windows freeze; docs/install.md).
PACKAGING := $(VENV)/.packaging
$(PACKAGING): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,packaging]'
	touch $@

freeze: $(PACKAGING) translations
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller installers/pyinstaller/guardian.spec

packages: freeze
	$(PY) installers/build_packages.py --dist dist/guardian --out dist/packages

clean:
	rm -rf $(VENV) $(QM) .mypy_cache .pytest_cache .ruff_cache build dist

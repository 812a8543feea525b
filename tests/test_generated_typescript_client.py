"""A browser or Node app generates TypeScript types from API v3's OpenAPI description
with openapi-typescript 7.13, with no warning, and its code that sends a title-only
PATCH and reads a 422's and a 429's typed errors compiles under `tsc --strict`.

The tools are pinned in tests/typescript_client/package.json (`npm ci` there, or
`npm install`); without them the test skips, except under CI."""

import os
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.processes

FOLDER = os.path.join(os.path.dirname(__file__), "typescript_client")
BIN = os.path.join(FOLDER, "node_modules", ".bin")


def tool(name):
    path = os.path.join(BIN, name)
    if os.path.exists(path) and shutil.which("node"):
        return path
    reason = f"{name} is missing: run `npm install` in tests/typescript_client/"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}. CI must check the TypeScript client, never skip it.")
    pytest.skip(reason)


def run(*command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_generated_typescript_types_compile_and_type_errors(client, db, tmp_path):
    generate, tsc = tool("openapi-typescript"), tool("tsc")
    (tmp_path / "openapi.json").write_bytes(client.get("/api/v3/openapi.json").content)
    shutil.copy(os.path.join(FOLDER, "usage.ts"), tmp_path / "usage.ts")

    output = run(generate, "openapi.json", "-o", "api.d.ts", cwd=tmp_path)
    assert "warn" not in output.lower() and "error" not in output.lower(), output

    run(tsc, "--strict", "--noEmit", "--target", "es2022", "usage.ts", cwd=tmp_path)
    # The check can fail: a typo in a field the types do not have is refused.
    (tmp_path / "usage.ts").write_text(
        (tmp_path / "usage.ts").read_text().replace('title: "Bone sarcoma"', 'titel: "x"')
    )
    refused = subprocess.run(
        [tsc, "--strict", "--noEmit", "--target", "es2022", "usage.ts"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "titel" in refused.stdout

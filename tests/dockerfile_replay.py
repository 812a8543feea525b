"""Replays a Dockerfile without Docker (there is no Docker engine on the development or
CI machines), so that tests run what the image runs and a Dockerfile change that breaks
the image breaks them.

The instructions are read from the Dockerfile itself, not copied here: each stage's ENV,
WORKDIR, COPY and RUN are carried out in order on a folder per stage, and the last
stage's environment, working directory, ENTRYPOINT, CMD and HEALTHCHECK are what the
image runs. Absolute paths named in `folders` (the image's /venv, /app) are mapped to
temporary folders wherever they appear. What a replay cannot do as Docker does:

- It runs as the current user: `useradd` and `chown` are no-ops, and USER is ignored.
- The base image is this machine with the same Python: a `python` on PATH that is this
  interpreter's base Python, and the standard system folders.
- Docker reuses layers between builds; the replay reuses pip's cache instead, so it
  leaves out PIP_NO_CACHE_DIR.
- A venv only works at the path it was made at, so a folder in `shared_folders` (the
  venv) is one folder for every stage, as the same path is in the image, and copying it
  from one stage to the next is a no-op.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NO_OPS = ("useradd", "chown")
IGNORED = {"EXPOSE", "LABEL", "USER", "STOPSIGNAL"}
REPLAY_ONLY_ENV = {"PIP_NO_CACHE_DIR"}


def instructions(dockerfile_text):
    """(KEYWORD, arguments) for each instruction, continuation lines joined."""
    logical, parts = [], []
    for line in dockerfile_text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # comments (and parser directives) are dropped, even mid-instruction
        if stripped.endswith("\\"):
            parts.append(stripped[:-1].strip())
            continue
        parts.append(stripped)
        logical.append(" ".join(parts))
        parts = []
    assert not parts, "the Dockerfile ends inside a continued instruction"
    for text in logical:
        keyword, _, arguments = text.partition(" ")
        yield keyword.upper(), arguments.strip()


def as_argv(arguments):
    """An exec-form (JSON array) or shell-form command, as an argument list."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return ["/bin/sh", "-c", arguments]


class Stage:
    def __init__(self, replay, number, name):
        self.name = name
        self.folders = {
            path: replay.root
            / ("shared" if path in replay.shared_folders else f"stage{number}")
            / path.strip("/")
            for path in replay.folders
        }
        self.env = dict(replay.base_env)
        # ARG values: the environment of this stage's RUN steps only, as in Docker.
        self.build_args = {}
        self.workdir = replay.root / f"stage{number}" / "root"
        self.workdir.mkdir(parents=True)
        self.entrypoint, self.cmd, self.healthcheck = [], [], None

    def map(self, text):
        """`text` with the image's folders replaced by this replay's."""
        for path, folder in self.folders.items():
            pattern = rf"(?<![\w/.]){re.escape(path)}(?=[/:\s\"']|$)"
            text = re.sub(pattern, lambda _, folder=folder: str(folder), text)
        return text

    def expand(self, text):
        """Docker's $VAR and ${VAR} substitution, from this stage's environment."""
        return re.sub(
            r"\$(?:\{(\w+)\}|(\w+))",
            lambda match: self.env.get(match.group(1) or match.group(2), ""),
            text,
        )

    def command(self, argv=None):
        """What `docker run image [argv]` runs: the entrypoint with argv, or with CMD."""
        return [*self.entrypoint, *(argv or self.cmd)]

    def path(self, text, relative_to):
        path = Path(self.map(text))
        return path if path.is_absolute() else relative_to / path


class DockerfileReplay:
    def __init__(self, dockerfile, context, root, folders, shared_folders=(), build_args=None):
        # Values for the Dockerfile's ARGs, as `docker build --build-arg` gives them.
        self.build_args = build_args or {}
        self.dockerfile, self.context, self.root = Path(dockerfile), Path(context), Path(root)
        self.folders, self.shared_folders = folders, set(shared_folders)
        self.stages = []
        bin_dir = self.root / "base-image-bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / "python").symlink_to(
            Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        )
        for name in NO_OPS:
            (bin_dir / name).write_text("#!/bin/sh\nexit 0\n")
            (bin_dir / name).chmod(0o755)
        # The base image's environment: its PATH, plus what this machine needs to reach a
        # package index (pip's configuration and proxies).
        self.base_env = {
            key: value
            for key, value in os.environ.items()
            if key.startswith("PIP_") or key.lower().endswith("_proxy") or key == "HOME"
        }
        self.base_env.update(PATH=f"{bin_dir}:{SYSTEM_PATH}", LANG="C.UTF-8")

    @property
    def image(self):
        return self.stages[-1]

    def build(self):
        for keyword, arguments in instructions(self.dockerfile.read_text()):
            handler = getattr(self, f"do_{keyword.lower()}", None)
            if keyword in IGNORED:
                continue
            assert handler, f"the replay does not know {keyword}: teach it, or Docker's way"
            handler(arguments)
        return self.image

    def do_from(self, arguments):
        words = arguments.split()
        python = re.match(r"(?:docker\.io/)?(?:library/)?python:(\d+)\.(\d+)", words[0])
        assert python and tuple(map(int, python.groups())) == sys.version_info[:2], (
            f"the replay stands in for {words[0]} with Python {sys.version.split()[0]}"
        )
        name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
        self.stages.append(Stage(self, len(self.stages), name))

    def do_env(self, arguments):
        words = shlex.split(arguments)
        pairs = (
            [word.partition("=")[::2] for word in words]
            if "=" in words[0]
            else [(words[0], " ".join(words[1:]))]
        )
        for key, value in pairs:
            self.image.env[key] = self.image.map(self.image.expand(value))

    def do_arg(self, arguments):
        name, _, default = shlex.split(arguments)[0].partition("=")
        self.image.build_args[name] = self.build_args.get(name, default)

    def do_workdir(self, arguments):
        stage = self.image
        stage.workdir = stage.path(stage.expand(arguments), stage.workdir)
        stage.workdir.mkdir(parents=True, exist_ok=True)

    def do_copy(self, arguments):
        stage = self.image
        words = shlex.split(arguments)
        options = dict(word[2:].partition("=")[::2] for word in words if word.startswith("--"))
        *sources, destination = [word for word in words if not word.startswith("--")]
        if "from" in options:
            (source_stage,) = [s for s in self.stages if s.name == options["from"]]
            sources = [source_stage.path(source, source_stage.workdir) for source in sources]
        else:  # Docker expands wildcards in sources
            sources = [
                path
                for source in sources
                for path in (
                    sorted(self.context.glob(source)) if "*" in source else [self.context / source]
                )
            ]
        target = stage.path(destination, stage.workdir)
        for source in sources:
            if source.resolve() == target.resolve():
                continue
            if source.is_dir():
                shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
            else:
                into = destination.endswith("/") or target.is_dir() or len(sources) > 1
                (target if into else target.parent).mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / source.name if into else target)

    def do_run(self, arguments):
        stage = self.image
        env = {
            key: value
            for key, value in {**stage.build_args, **stage.env}.items()
            if key not in REPLAY_ONLY_ENV
        }
        result = subprocess.run(
            [stage.map(word) for word in as_argv(arguments)],
            cwd=stage.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, (
            f"RUN {arguments}\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
        )

    def do_entrypoint(self, arguments):
        self.image.entrypoint = [self.image.map(word) for word in as_argv(arguments)]

    def do_cmd(self, arguments):
        self.image.cmd = [self.image.map(word) for word in as_argv(arguments)]

    def do_healthcheck(self, arguments):
        if arguments.upper() == "NONE":
            self.image.healthcheck = None
            return
        _, _, check = re.match(r"((--\S+\s+)*)CMD\s+(.*)", arguments, re.S).groups()
        self.image.healthcheck = [self.image.map(word) for word in as_argv(check)]

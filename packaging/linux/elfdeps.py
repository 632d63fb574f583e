"""What a built bundle needs from the system it runs on, read from its ELF files.

    python3 packaging/linux/elfdeps.py check BUNDLE     # every library resolvable?
    python3 packaging/linux/elfdeps.py depends BUNDLE   # the .deb Depends line

Each ELF file's NEEDED libraries that the bundle does not carry must come from the
system; they are mapped to Debian packages (dpkg -S on this machine, or the table below
for libraries this machine lacks). The glibc version is the highest GLIBC_x.y symbol
version any file asks for (what the bundle was built against, not what the build
machine happens to run). Uses readelf (binutils) and ldconfig.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

# soname → Debian package, for libraries a desktop has but the build machine may lack
KNOWN = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libxcb.so.1": "libxcb1", "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0", "libz.so.1": "zlib1g",
    # Qt's xcb platform plugin
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0", "libxcb-xinput.so.0": "libxcb-xinput0",
    "libSM.so.6": "libsm6", "libICE.so.6": "libice6",
}
# provided by libc6 itself (its version constraint comes from the symbol versions)
LIBC = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
        "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libresolv.so.2"}


def elf_files(bundle: Path) -> list[Path]:
    files = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def _readelf(args: list[str], path: Path) -> str:
    return subprocess.run(["readelf", "--wide", *args, str(path)], capture_output=True,
                          text=True, check=True).stdout


def needed(path: Path) -> list[str]:
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", _readelf(["-d"], path))


def glibc_version(files: list[Path]) -> tuple[int, ...]:
    """The highest GLIBC_x.y version required by any of the files."""
    best: tuple[int, ...] = (2, 2, 5)
    for path in files:
        for v in re.findall(r"Name: GLIBC_([0-9.]+)", _readelf(["-V"], path)):
            best = max(best, tuple(int(p) for p in v.split(".")))
    return best


def system_libraries() -> dict[str, str]:
    """soname → path of the libraries the dynamic linker knows (ldconfig -p)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    flag = {"x86_64": "x86-64", "aarch64": "AArch64"}.get(os.uname().machine, "")
    libs: dict[str, str] = {}
    for m in re.finditer(r"^\s*(\S+) \(([^)]*)\) => (\S+)", out, re.M):
        if flag in m.group(2):      # this architecture's library, not a multiarch sibling
            libs.setdefault(m.group(1), m.group(3))
    return libs


def owner_package(path: str) -> str | None:
    """The Debian package that installed `path` (usr-merged paths tried both ways)."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for p in list(candidates):
        if p.startswith("/usr/lib/"):
            candidates.add(p[4:])
        elif p.startswith("/lib/"):
            candidates.add("/usr" + p)
    for p in candidates:
        r = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":", 1)[0].strip()
    return None


def external(bundle: Path) -> tuple[dict[str, list[str]], list[Path]]:
    """soname → the bundle files that need it, for libraries the bundle does not carry."""
    files = elf_files(bundle)
    carried = {p.name for p in bundle.rglob("*")}
    wants: dict[str, list[str]] = {}
    for path in files:
        for soname in needed(path):
            if soname not in carried:
                wants.setdefault(soname, []).append(str(path.relative_to(bundle)))
    return wants, files


def check(bundle: Path) -> int:
    wants, files = external(bundle)
    system = system_libraries()
    missing = {s: users for s, users in wants.items() if s not in system}
    print(f"elfdeps: {len(files)} ELF files; from the system: "
          f"{', '.join(sorted(wants)) or 'nothing'}")
    unknown = [s for s in missing if s not in KNOWN and s not in LIBC]
    for soname, users in sorted(missing.items()):
        print(f"elfdeps: not on this machine: {soname} (needed by {users[0]}"
              f"{f' and {len(users) - 1} more' if len(users) > 1 else ''})")
    if unknown:
        print("elfdeps: no package known for: " + ", ".join(unknown)
              + " — add it to KNOWN in packaging/linux/elfdeps.py", file=sys.stderr)
        return 1
    return 0


def depends(bundle: Path) -> str:
    wants, files = external(bundle)
    system = system_libraries()
    packages: set[str] = set()
    for soname in wants:
        if soname in LIBC:
            continue
        pkg = owner_package(system[soname]) if soname in system else None
        pkg = pkg or KNOWN.get(soname)
        if pkg is None:
            raise SystemExit(f"elfdeps: no Debian package known for {soname}; "
                             f"add it to KNOWN in {__file__}")
        packages.add(pkg)
    glibc = ".".join(map(str, glibc_version(files)))
    return ", ".join([f"libc6 (>= {glibc})", *sorted(packages)])


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("check", "depends") or not Path(argv[1]).is_dir():
        print("usage: elfdeps.py check|depends BUNDLE_DIR", file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    if argv[0] == "check":
        return check(bundle)
    print(depends(bundle))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

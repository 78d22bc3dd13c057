#!/usr/bin/env bash
# Fails unless a Windows executable imports only DLLs that every Windows 10/11 has
# (no libssp-0.dll, libgcc_s, libwinpthread or other MinGW runtime beside the .exe).
#
#   bash build/windows/check-imports.sh dist/skranke.exe
set -euo pipefail
exe=${1:?usage: check-imports.sh FILE.exe}
objdump=x86_64-w64-mingw32-objdump
command -v "$objdump" >/dev/null || objdump=objdump

# Windows system DLLs, lower case. msvcrt.dll is the system C runtime MinGW's win32
# flavour links against; it ships with every Windows since XP.
allowed='^(kernel32|user32|gdi32|opengl32|shell32|ole32|oleaut32|advapi32|winmm|ws2_32|ntdll|imm32|dwmapi|msvcrt|comctl32|comdlg32|shlwapi|uxtheme|setupapi|bcrypt|crypt32|version|winspool\.drv|secur32|iphlpapi|userenv|powrprof|dbghelp|hid|dinput8|xinput[0-9_]*|api-ms-win-[a-z0-9-]+)(\.dll)?$'

dlls=$("$objdump" -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr -d '\r' | sort -u)
if [ -z "$dlls" ]; then
  echo "$exe: no import table found" >&2
  exit 1
fi
bad=0
for d in $dlls; do
  if printf '%s\n' "$d" | tr '[:upper:]' '[:lower:]' | grep -Eq "$allowed"; then
    echo "  ok   $d"
  else
    echo "  NOT A SYSTEM DLL: $d" >&2
    bad=1
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "$exe imports DLLs that are not part of Windows; it would not start on a clean PC" >&2
  exit 1
fi
echo "$exe imports only Windows system DLLs"

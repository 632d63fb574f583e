; Inno Setup script for nnviz (Inno Setup 6). Build the one-folder bundle first
; (pyinstaller packaging\nnviz.spec → dist\nnviz), then from the repository root:
;
;   iscc /DMyAppVersion=X.Y.Z packaging\windows\nnviz.iss
;
; (Inno Setup reads relative paths from this script's folder: the defaults below point at
; the repository's dist\ folder. To pass other folders, give absolute paths.)
;
; The version is passed in by the build (it comes from the package metadata); nothing
; here repeats it. Produces dist\nnviz-<version>-windows-setup.exe.

#ifndef MyAppVersion
  #error Pass the version: iscc /DMyAppVersion=X.Y.Z (python -c "import nnviz; print(nnviz.__version__)")
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\nnviz"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define MyAppName "nnviz"
#define MyAppExe "nnviz.exe"
#define MyProgId "nnviz.document"
#define MyLessonProgId "nnviz.lesson"

[Setup]
; a fixed AppId keeps upgrades and the uninstaller tied to one installation
AppId={{6C1B3E0E-6A39-4C53-9C1D-8D2F6E0B7A41}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher=The nnviz developers
VersionInfoVersion={#MyAppVersion}
DefaultDirName={autopf}\{#MyAppName}
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
; per-user install by default (no administrator needed in a classroom), all users on request
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=nnviz-{#MyAppVersion}-windows-setup
SetupIconFile=nnviz.ico
UninstallDisplayIcon={app}\{#MyAppExe}
UninstallDisplayName={#MyAppName} {#MyAppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "association"; Description: "Open .nnviz scenario and .nnviz-lesson lesson files with nnviz"; GroupDescription: "File types:"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Comment: "Watch neural networks compute and learn"
Name: "{group}\{cm:UninstallProgram,{#MyAppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Tasks: desktopicon

[Registry]
; .nnviz (scenario) and .nnviz-lesson (lesson) → "nnviz.exe --open <file>"; the uninstaller
; removes them again
Root: HKA; Subkey: "Software\Classes\.nnviz"; ValueType: string; ValueName: ""; ValueData: "{#MyProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.nnviz\OpenWithProgids"; ValueType: string; ValueName: "{#MyProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#MyProgId}"; ValueType: string; ValueName: ""; ValueData: "nnviz scenario"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#MyProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#MyAppExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#MyProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#MyAppExe}"" --open ""%1"""; Tasks: association
Root: HKA; Subkey: "Software\Classes\.nnviz-lesson"; ValueType: string; ValueName: ""; ValueData: "{#MyLessonProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.nnviz-lesson\OpenWithProgids"; ValueType: string; ValueName: "{#MyLessonProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#MyLessonProgId}"; ValueType: string; ValueName: ""; ValueData: "nnviz lesson"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#MyLessonProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#MyAppExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#MyLessonProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#MyAppExe}"" --open ""%1"""; Tasks: association
Root: HKA; Subkey: "Software\Classes\Applications\{#MyAppExe}\SupportedTypes"; ValueType: string; ValueName: ".nnviz"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#MyAppExe}\SupportedTypes"; ValueType: string; ValueName: ".nnviz-lesson"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent

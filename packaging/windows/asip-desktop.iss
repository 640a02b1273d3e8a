; Inno Setup script for ASIP Desktop (per-user install, no admin rights needed).
; Build the bundle first on Windows (see packaging/README.md), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\asip-desktop.iss
; Data stays in the user's profile (%LOCALAPPDATA%\CD35\asip-desktop), which the
; uninstaller never deletes: closing cases is what purges personal data.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1D7E0B-3B7A-4E55-9B8E-2F3F6A5C3535}
AppName=ASIP Desktop
AppVersion={#AppVersion}
AppPublisher=Département d'Ille-et-Vilaine
DefaultDirName={localappdata}\Programs\ASIP Desktop
DefaultGroupName=ASIP Desktop
PrivilegesRequired=lowest
OutputDir=..\..\dist\installer
OutputBaseFilename=asip-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\asip-desktop.ico
UninstallDisplayIcon={app}\asip-desktop.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "..\..\dist\asip-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\ASIP Desktop"; Filename: "{app}\asip-desktop.exe"
Name: "{group}\Auto-test ASIP Desktop"; Filename: "{cmd}"; Parameters: "/k ""{app}\asip-desktop-cli.exe"" --self-test"
Name: "{userdesktop}\ASIP Desktop"; Filename: "{app}\asip-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Créer une icône sur le Bureau"; Flags: unchecked

[Run]
Filename: "{app}\asip-desktop.exe"; Description: "Lancer ASIP Desktop"; Flags: nowait postinstall skipifsilent

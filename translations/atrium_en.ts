<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Atrium::Ui::AuditView</name>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::CatalogView</name>
    <message numerus="yes">
        <source>%n workspace(s)</source>
        <translation>
            <numerusform>%n workspace</numerusform>
            <numerusform>%n workspaces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n workspace(s)</source>
        <translation>
            <numerusform>%1 of %n workspace</numerusform>
            <numerusform>%1 of %n workspaces</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::MainWindow</name>
    <message numerus="yes">
        <source>Delete %n workspaces? VMs&apos; domains and disks are removed with them.</source>
        <translation>
            <numerusform>Delete %n workspace? A VM&apos;s domain and disk are removed with it.</numerusform>
            <numerusform>Delete %n workspaces? VMs&apos; domains and disks are removed with them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::SessionsView</name>
    <message numerus="yes">
        <source>%n active session(s)</source>
        <translation>
            <numerusform>%n active session</numerusform>
            <numerusform>%n active sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::TrayIcon</name>
    <message numerus="yes">
        <source>Atrium — %n running</source>
        <translation>
            <numerusform>Atrium — %n running</numerusform>
            <numerusform>Atrium — %n running</numerusform>
        </translation>
    </message>
</context>
</TS>

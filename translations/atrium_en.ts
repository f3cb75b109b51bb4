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
    <name>Atrium::Ui::DeleteWorkspacesDialog</name>
    <message numerus="yes">
        <source>Delete %n workspaces? Their virtual machines and disks are removed with them: %1.</source>
        <translation>
            <numerusform>Delete %n workspace? Its virtual machine and disk are removed with it: %1.</numerusform>
            <numerusform>Delete %n workspaces? Their virtual machines and disks are removed with them: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them are virtual machines Atrium did not create: %1.</source>
        <translation>
            <numerusform>%n of them is a virtual machine Atrium did not create: %1.</numerusform>
            <numerusform>%n of them are virtual machines Atrium did not create: %1.</numerusform>
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

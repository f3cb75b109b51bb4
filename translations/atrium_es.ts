<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Atrium::Ui::AuditListModel</name>
    <message>
        <source>%1 (id %2)</source>
        <translation>%1 (ID %2)</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Fecha y hora</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::AuditView</name>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>Show only this action</source>
        <translation>Mostrar solo esta acción</translation>
    </message>
    <message>
        <source>Any actor (email or id)</source>
        <translation>Cualquier autor (correo o ID)</translation>
    </message>
    <message>
        <source>Show only entries at or after this time</source>
        <translation>Mostrar solo las entradas desde este momento</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>A&amp;cción:</translation>
    </message>
    <message>
        <source>A&amp;ctor:</source>
        <translation>Aut&amp;or:</translation>
    </message>
    <message>
        <source>The audit log cannot be read: %1</source>
        <translation>No se puede leer el registro de auditoría: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entrada</numerusform>
            <numerusform>%n entradas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::CatalogView</name>
    <message>
        <source>Search by name, id, description or URL</source>
        <translation>Nombre, ID, descripción o URL</translation>
    </message>
    <message>
        <source>Search workspaces</source>
        <translation>Buscar espacios de trabajo</translation>
    </message>
    <message>
        <source>Type filter</source>
        <translation>Filtro de tipo</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Filtro de estado</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Cualquier estado</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Host filter</source>
        <translation>Filtro de anfitrión</translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Catalog order</source>
        <translation>Orden del catálogo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Más recientes primero</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Espacios de trabajo</translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation>Todos los anfitriones</translation>
    </message>
    <message numerus="yes">
        <source>%n workspace(s)</source>
        <translation>
            <numerusform>%n espacio de trabajo</numerusform>
            <numerusform>%n espacios de trabajo</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n workspace(s)</source>
        <translation>
            <numerusform>%1 de %n espacio de trabajo</numerusform>
            <numerusform>%1 de %n espacios de trabajo</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::DeleteWorkspacesDialog</name>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Delete %1? Its virtual machine and disk are removed with it (if it has any).</source>
        <translation>¿Eliminar %1? Su máquina virtual y su disco se eliminan con él (si los tiene).</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n workspaces? Their virtual machines and disks are removed with them: %1.</source>
        <translation>
            <numerusform>¿Eliminar %n espacio de trabajo? Su máquina virtual y su disco se eliminan con él: %1.</numerusform>
            <numerusform>¿Eliminar %n espacios de trabajo? Sus máquinas virtuales y discos se eliminan con ellos: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is a virtual machine Atrium did not create.</source>
        <translation>%1 es una máquina virtual que Atrium no creó.</translation>
    </message>
    <message numerus="yes">
        <source>%n of them are virtual machines Atrium did not create: %1.</source>
        <translation>
            <numerusform>%n de ellos es una máquina virtual que Atrium no creó: %1.</numerusform>
            <numerusform>%n de ellos son máquinas virtuales que Atrium no creó: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>What happens to the virtual machine</source>
        <translation>Qué pasa con la máquina virtual</translation>
    </message>
    <message>
        <source>&amp;Forget it: take it out of Atrium; it stays on its host, untouched</source>
        <translation>&amp;Olvidarla: sacarla de Atrium; se queda en su host, intacta</translation>
    </message>
    <message>
        <source>&amp;Undefine it on its host; its disks stay</source>
        <translation>&amp;Quitar su definición del host; sus discos se quedan</translation>
    </message>
    <message>
        <source>Undefine it and &amp;delete its disks:</source>
        <translation>Quitar su definición y &amp;borrar sus discos:</translation>
    </message>
    <message>
        <source>Undefine it and &amp;delete its disks (it has none)</source>
        <translation>Quitar su definición y &amp;borrar sus discos (no tiene)</translation>
    </message>
    <message>
        <source>Only administrators can undefine a virtual machine Atrium did not create</source>
        <translation>Solo los administradores pueden quitar la definición de una máquina virtual que Atrium no creó</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::HostCredentialsDialog</name>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>SSH key &amp;passphrase:</source>
        <translation>&amp;Frase de paso de la clave SSH:</translation>
    </message>
    <message>
        <source>&amp;Remember in the system keychain</source>
        <translation>&amp;Recordar en el llavero del sistema</translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation>Iniciar sesión en %1</translation>
    </message>
    <message>
        <source>%1 refused the answer Atrium gave. It asks:</source>
        <translation>%1 rechazó la respuesta que dio Atrium. Pregunta:</translation>
    </message>
    <message>
        <source>%1 asks for credentials before Atrium may connect:</source>
        <translation>%1 pide credenciales antes de que Atrium pueda conectarse:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <source>No system keychain is available here, so nothing can be remembered: Atrium will ask again the next time it starts.</source>
        <translation>Aquí no hay ningún llavero del sistema, así que no se puede recordar nada: Atrium volverá a preguntar la próxima vez que se inicie.</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::HostListModel</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>Simulated (libvirt test driver)</source>
        <translation>Simulado (controlador de pruebas de libvirt)</translation>
    </message>
    <message>
        <source>Hypervisor</source>
        <translation>Hipervisor</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>libvirt&apos;s in-process simulator: no real virtual machine runs here</source>
        <translation>Simulador de libvirt dentro del proceso: aquí no se ejecuta ninguna máquina virtual real</translation>
    </message>
    <message>
        <source>Host name: %1</source>
        <translation>Nombre del anfitrión: %1</translation>
    </message>
    <message>
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Free memory</source>
        <translation>Memoria libre</translation>
    </message>
    <message>
        <source>Running VMs</source>
        <translation>MV en ejecución</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Virtualization</source>
        <translation>Virtualización</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>Mostrados</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Ocultos</translation>
    </message>
    <message>
        <source>Domains on this host that Atrium did not create are in the catalog</source>
        <translation>Los dominios de este host que Atrium no creó están en el catálogo</translation>
    </message>
    <message>
        <source>Only the workspaces Atrium created are in the catalog; the host&apos;s other domains are left out</source>
        <translation>Solo los espacios de trabajo que creó Atrium están en el catálogo; los demás dominios del host quedan fuera</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Found domains</source>
        <translation>Dominios encontrados</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::HostsView</name>
    <message>
        <source>Add host…</source>
        <translation>Añadir anfitrión…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconectar</translation>
    </message>
    <message>
        <source>Manage another libvirt host, local or over SSH/TLS</source>
        <translation>Gestionar otro anfitrión de libvirt, local o por SSH/TLS</translation>
    </message>
    <message>
        <source>Stop managing the selected host (its virtual machines are not touched)</source>
        <translation>Dejar de gestionar el anfitrión seleccionado (sus máquinas virtuales no se tocan)</translation>
    </message>
    <message>
        <source>Try to connect to the selected host now</source>
        <translation>Intentar conectar ahora con el anfitrión seleccionado</translation>
    </message>
    <message>
        <source>Hosts marked &quot;Simulated&quot; are libvirt&apos;s test driver: virtual machines on them are not real and run no guest.</source>
        <translation>Los anfitriones marcados como «Simulado» son el controlador de pruebas de libvirt: sus máquinas virtuales no son reales y no ejecutan ningún sistema invitado.</translation>
    </message>
    <message>
        <source>Add host</source>
        <translation>Añadir anfitrión</translation>
    </message>
    <message>
        <source>libvirt connection URI:</source>
        <translation>URI de conexión de libvirt:</translation>
    </message>
    <message>
        <source>Could not add the host %1: %2</source>
        <translation>No se pudo añadir el anfitrión %1: %2</translation>
    </message>
    <message>
        <source>Remove host</source>
        <translation>Quitar anfitrión</translation>
    </message>
    <message>
        <source>Stop managing %1?

Atrium forgets the host; nothing on it is stopped or deleted.</source>
        <translation>¿Dejar de gestionar %1?

Atrium olvida el anfitrión; no se detiene ni se elimina nada en él.</translation>
    </message>
    <message>
        <source>Could not remove the host %1: %2</source>
        <translation>No se pudo quitar el anfitrión %1: %2</translation>
    </message>
    <message>
        <source>Could not reconnect to %1: %2</source>
        <translation>No se pudo reconectar con %1: %2</translation>
    </message>
    <message>
        <source>How the selected host&apos;s virtual machines are accelerated: KVM, or QEMU&apos;s emulation (slower, but works where KVM does not)</source>
        <translation>Cómo se aceleran las máquinas virtuales del anfitrión seleccionado: KVM, o la emulación de QEMU (más lenta, pero funciona donde KVM no)</translation>
    </message>
    <message>
        <source>Only administrators can change a host&apos;s virtualization</source>
        <translation>Solo los administradores pueden cambiar la virtualización de un anfitrión</translation>
    </message>
    <message>
        <source>&amp;Virtualization:</source>
        <translation>&amp;Virtualización:</translation>
    </message>
    <message>
        <source>Could not change the virtualization of %1: %2</source>
        <translation>No se pudo cambiar la virtualización de %1: %2</translation>
    </message>
    <message>
        <source>KVM is unusable on %1, so its virtual machines run under emulation (slower). QEMU said: %2</source>
        <translation>KVM no se puede usar en %1, así que sus máquinas virtuales se ejecutan emuladas (más lento). QEMU dijo: %2</translation>
    </message>
    <message>
        <source>Choose a virtualization setting for the host to try KVM again.</source>
        <translation>Elija una virtualización para el anfitrión para volver a probar KVM.</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renombrar…</translation>
    </message>
    <message>
        <source>Show domains not created by Atrium</source>
        <translation>Mostrar dominios no creados por Atrium</translation>
    </message>
    <message>
        <source>Give the selected host a short name (&quot;hv1&quot;) shown on cards, filters and the status bar</source>
        <translation>Da al host seleccionado un nombre corto («hv1») que se muestra en tarjetas, filtros y la barra de estado</translation>
    </message>
    <message>
        <source>List the selected host&apos;s virtual machines that were defined elsewhere (virsh, virt-manager, another console) as workspaces. Turning it off only hides them.</source>
        <translation>Muestra como espacios de trabajo las máquinas virtuales del host seleccionado definidas en otro sitio (virsh, virt-manager, otra consola). Desactivarlo solo las oculta.</translation>
    </message>
    <message>
        <source>Only administrators can add, remove, rename or configure hosts</source>
        <translation>Solo los administradores pueden añadir, quitar, renombrar o configurar hosts</translation>
    </message>
    <message>
        <source>Rename host</source>
        <translation>Renombrar host</translation>
    </message>
    <message>
        <source>Name for %1 (empty: derived from the URI):</source>
        <translation>Nombre para %1 (vacío: derivado de la URI):</translation>
    </message>
    <message>
        <source>Could not rename the host %1: %2</source>
        <translation>No se pudo renombrar el host %1: %2</translation>
    </message>
    <message>
        <source>Could not change what the catalog shows of %1: %2</source>
        <translation>No se pudo cambiar lo que el catálogo muestra de %1: %2</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>&amp;Iniciar sesión…</translation>
    </message>
    <message>
        <source>Give the selected host the user name, password or SSH key passphrase it asks for</source>
        <translation>Dar al anfitrión seleccionado el usuario, la contraseña o la frase de paso de la clave SSH que pide</translation>
    </message>
    <message>
        <source>Could not sign in to %1: %2</source>
        <translation>No se pudo iniciar sesión en %1: %2</translation>
    </message>
    <message>
        <source>Could not keep the credentials for %1 in the keychain (they are used until Atrium exits): %2</source>
        <translation>No se pudieron guardar las credenciales de %1 en el llavero (se usan hasta que Atrium se cierre): %2</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::MainWindow</name>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sesiones</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>Registro de au&amp;ditoría</translation>
    </message>
    <message>
        <source>&amp;New workspace…</source>
        <translation>&amp;Nuevo espacio de trabajo…</translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>D&amp;uplicate…</source>
        <translation>D&amp;uplicar…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>E&amp;liminar…</translation>
    </message>
    <message>
        <source>Copy launch as &amp;curl</source>
        <translation>Copiar inicio como &amp;curl</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Show workspace &amp;pictures (downloads image_url)</source>
        <translation>Mostrar las &amp;imágenes de las tarjetas (descarga image_url)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>&amp;Espacio de trabajo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Atrium</source>
        <translation>&amp;Acerca de Atrium</translation>
    </message>
    <message>
        <source>About Atrium</source>
        <translation>Acerca de Atrium</translation>
    </message>
    <message>
        <source>&lt;b&gt;Atrium %1&lt;/b&gt;&lt;p&gt;A console for libvirt virtual machines and remote desktop workspaces.&lt;/p&gt;&lt;p&gt;REST API: %2&lt;br&gt;API reference: %2/api/openapi.json&lt;/p&gt;</source>
        <translation>&lt;b&gt;Atrium %1&lt;/b&gt;&lt;p&gt;Una consola para máquinas virtuales de libvirt y espacios de trabajo de escritorio remoto.&lt;/p&gt;&lt;p&gt;API REST: %2&lt;br&gt;Referencia de la API: %2/api/openapi.json&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Espacios de trabajo</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Hosts: %1/%2 connected (%3 simulated)</source>
        <translation>Anfitriones: %1/%2 conectados (simulados: %3)</translation>
    </message>
    <message>
        <source>Hosts: %1/%2 connected</source>
        <translation>Anfitriones: %1/%2 conectados</translation>
    </message>
    <message>
        <source>NetBird: %1</source>
        <translation>NetBird: %1</translation>
    </message>
    <message>
        <source>API: not listening</source>
        <translation>API: desactivada</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Cannot launch %1</source>
        <translation>No se puede iniciar %1</translation>
    </message>
    <message>
        <source>%1 is running (session %2)</source>
        <translation>%1 está en ejecución (sesión %2)</translation>
    </message>
    <message>
        <source>Cannot stop %1</source>
        <translation>No se puede detener %1</translation>
    </message>
    <message>
        <source>%1 stopped</source>
        <translation>Se detuvo %1</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Cannot delete %1</source>
        <translation>No se puede eliminar %1</translation>
    </message>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>Copiar como &amp;curl</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Get</source>
        <translation>Consultar</translation>
    </message>
    <message>
        <source>Update (as it is now)</source>
        <translation>Actualizar (tal como está ahora)</translation>
    </message>
    <message>
        <source>Create a copy</source>
        <translation>Crear una copia</translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation>Copiado: %1</translation>
    </message>
    <message>
        <source>Wor&amp;kspaces</source>
        <translation>Espacios de &amp;trabajo</translation>
    </message>
    <message>
        <source>H&amp;osts</source>
        <translation>A&amp;nfitriones</translation>
    </message>
    <message>
        <source>KVM does not work on %1: its virtual machines now run under emulation (slower). QEMU said: %2</source>
        <translation>KVM no funciona en %1: sus máquinas virtuales se ejecutan ahora emuladas (más lento). QEMU dijo: %2</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>Se&amp;rial console</source>
        <translation>Consola se&amp;rie</translation>
    </message>
    <message>
        <source>%1 asks for credentials before Atrium may connect: give them with &quot;Sign in…&quot; on the Hosts tab.</source>
        <translation>%1 pide credenciales antes de que Atrium pueda conectarse: délas con «Iniciar sesión…» en la pestaña Anfitriones.</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::MetricsChartsWidget</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Usada</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Disco</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lectura</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Escritura</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Metrics unavailable: this console does not collect metrics</source>
        <translation>Métricas no disponibles: esta consola no recoge métricas</translation>
    </message>
    <message>
        <source>No workspace selected</source>
        <translation>Ningún espacio de trabajo seleccionado</translation>
    </message>
    <message>
        <source>Metrics unavailable on this host: %1</source>
        <translation>Métricas no disponibles en este anfitrión: %1</translation>
    </message>
    <message>
        <source>Not running: no metrics</source>
        <translation>No está en ejecución: sin métricas</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>Esperando la primera muestra…</translation>
    </message>
    <message>
        <source>Metrics unavailable: %1</source>
        <translation>Métricas no disponibles: %1</translation>
    </message>
    <message>
        <source>no value reported</source>
        <translation>no se ha informado de ningún valor</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>B/s</source>
        <translation>B/s</translation>
    </message>
    <message>
        <source>KB/s</source>
        <translation>KB/s</translation>
    </message>
    <message>
        <source>MB/s</source>
        <translation>MB/s</translation>
    </message>
    <message>
        <source>GB/s</source>
        <translation>GB/s</translation>
    </message>
    <message>
        <source>CPU (%1)</source>
        <translation>CPU (%1)</translation>
    </message>
    <message>
        <source>Memory used (%1)</source>
        <translation>Memoria usada (%1)</translation>
    </message>
    <message>
        <source>Disk read/write (%1)</source>
        <translation>E/S de disco (%1)</translation>
    </message>
    <message>
        <source>Network rx/tx (%1)</source>
        <translation>Tráfico de red (%1)</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::NotificationBar</name>
    <message>
        <source>Close message</source>
        <translation>Cerrar mensaje</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::SerialConsoleWindow</name>
    <message>
        <source>%1 — Serial console</source>
        <translation>%1 — Consola serie</translation>
    </message>
    <message>
        <source>Serial console</source>
        <translation>Consola serie</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copies the selected text (Ctrl+Shift+C)</source>
        <translation>Copia el texto seleccionado (Ctrl+Mayús+C)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <source>Types this desktop&apos;s clipboard into the console (Ctrl+Shift+V)</source>
        <translation>Escribe el portapapeles de este escritorio en la consola (Ctrl+Mayús+V)</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconectar</translation>
    </message>
    <message>
        <source>Connecting to the serial console of %1…</source>
        <translation>Conectando a la consola serie de %1…</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Sin conexión: %1</translation>
    </message>
    <message>
        <source>Connected to the serial console of %1 (press Return for a prompt)</source>
        <translation>Conectado a la consola serie de %1 (pulse Intro para ver el indicador)</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Desconectado: %1</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::SessionListModel</name>
    <message>
        <source>Verified</source>
        <translation>Verificada</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Ended %1</source>
        <translation>Finalizada: %1</translation>
    </message>
    <message>
        <source>Atrium performs no multi-factor authentication itself</source>
        <translation>Atrium no realiza por sí mismo autenticación multifactor</translation>
    </message>
    <message>
        <source>Opened from %1</source>
        <translation>Abierta desde %1</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Espacio de trabajo</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Tunnel</source>
        <translation>Túnel</translation>
    </message>
    <message>
        <source>MFA</source>
        <translation>MFA</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::SessionViewers</name>
    <message>
        <source>Cannot open a new session on %1: %2</source>
        <translation>No se puede abrir una sesión nueva en %1: %2</translation>
    </message>
    <message>
        <source>Cannot disconnect session %1: %2</source>
        <translation>No se puede desconectar la sesión %1: %2</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::SessionsView</name>
    <message>
        <source>Active only</source>
        <translation>Solo activas</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Desconectar</translation>
    </message>
    <message>
        <source>End the selected active sessions; running workspaces keep running</source>
        <translation>Termina las sesiones activas seleccionadas; los espacios de trabajo en ejecución siguen en marcha</translation>
    </message>
    <message>
        <source>Could not disconnect %1 from %2: %3</source>
        <translation>No se pudo desconectar a %1 de %2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n active session(s)</source>
        <translation>
            <numerusform>%n sesión activa</numerusform>
            <numerusform>%n sesiones activas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n sesión</numerusform>
            <numerusform>%n sesiones</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::TerminalView</name>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Seleccionar todo</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::TrayIcon</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>No workspace is running</source>
        <translation>Ningún espacio de trabajo en ejecución</translation>
    </message>
    <message>
        <source>Show Atrium</source>
        <translation>Mostrar Atrium</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message numerus="yes">
        <source>Atrium — %n running</source>
        <translation>
            <numerusform>Atrium — %n en ejecución</numerusform>
            <numerusform>Atrium — %n en ejecución</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::VncClient</name>
    <message>
        <source>the VNC handshake failed: %1</source>
        <translation>falló la negociación VNC: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sin motivo indicado</translation>
    </message>
    <message>
        <source>cannot wait for the guest: %1</source>
        <translation>no se puede esperar al sistema invitado: %1</translation>
    </message>
    <message>
        <source>cannot send to the guest: %1</source>
        <translation>no se puede enviar al sistema invitado: %1</translation>
    </message>
    <message>
        <source>the connection broke</source>
        <translation>se cortó la conexión</translation>
    </message>
    <message>
        <source>the guest&apos;s console closed the connection</source>
        <translation>la consola del sistema invitado cerró la conexión</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::VncViewerWindow</name>
    <message>
        <source>%1 — Console</source>
        <translation>%1 — Consola</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <source>Copies the text the guest last put on its clipboard</source>
        <translation>Copia el último texto que el sistema invitado puso en su portapapeles</translation>
    </message>
    <message>
        <source>Puts this desktop&apos;s clipboard text on the guest&apos;s clipboard (needs a guest agent)</source>
        <translation>Pone el texto del portapapeles de este escritorio en el portapapeles del sistema invitado (requiere un agente invitado)</translation>
    </message>
    <message>
        <source>Type clipboard</source>
        <translation>Teclear el portapapeles</translation>
    </message>
    <message>
        <source>Types this desktop&apos;s clipboard text on the guest&apos;s keyboard</source>
        <translation>Teclea el texto del portapapeles de este escritorio en el teclado del sistema invitado</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconectar</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>waiting for %1 to run</source>
        <translation>esperando a que %1 se ejecute</translation>
    </message>
    <message>
        <source>waiting for %1 to run again</source>
        <translation>esperando a que %1 vuelva a ejecutarse</translation>
    </message>
    <message>
        <source>%1; waiting for %2 to run again</source>
        <translation>%1; esperando a que %2 vuelva a ejecutarse</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Connecting: %1</source>
        <translation>Conectando: %1</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Connected (%1 × %2)</source>
        <translation>Conectado (%1 × %2)</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconectando…</translation>
    </message>
    <message>
        <source>Reconnecting: %1</source>
        <translation>Reconectando: %1</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Desconectado: %1</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Guardar captura de pantalla</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg)</source>
        <translation>Imágenes (*.png *.jpg)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>No se puede escribir %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Guardado: %1</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation>Ctrl+Alt+Supr</translation>
    </message>
    <message>
        <source>Sends Ctrl+Alt+Del to the guest</source>
        <translation>Envía Ctrl+Alt+Supr al sistema invitado</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Scales the screen to the window, keeping its proportions (off: 1:1)</source>
        <translation>Ajusta la pantalla a la ventana conservando sus proporciones (desactivado: 1:1)</translation>
    </message>
    <message>
        <source>Copy from guest</source>
        <translation>Copiar del invitado</translation>
    </message>
    <message>
        <source>Paste to guest</source>
        <translation>Pegar en el invitado</translation>
    </message>
    <message>
        <source>Screenshot…</source>
        <translation>Captura de pantalla…</translation>
    </message>
    <message>
        <source>Saves the guest&apos;s screen as an image</source>
        <translation>Guarda la pantalla del sistema invitado como imagen</translation>
    </message>
    <message>
        <source>Serial console</source>
        <translation>Consola serie</translation>
    </message>
    <message>
        <source>Opens the guest&apos;s serial console in a terminal window (works on every host, SSH included)</source>
        <translation>Abre la consola serie del invitado en una ventana de terminal (funciona en todos los hosts, también por SSH)</translation>
    </message>
    <message>
        <source>every address</source>
        <translation>todas las direcciones</translation>
    </message>
    <message>
        <source>Display open to the network</source>
        <translation>Pantalla abierta a la red</translation>
    </message>
    <message>
        <source>This display listens on %1 of its host (port %2): anyone who can reach the host over the network can connect to it without Atrium. Give the domain &lt;listen type=&apos;socket&apos;/&gt; or address 127.0.0.1 to close it.</source>
        <translation>Esta pantalla escucha en %1 de su host (puerto %2): cualquiera que llegue al host por la red puede conectarse sin pasar por Atrium. Dé al dominio &lt;listen type=&apos;socket&apos;/&gt; o la dirección 127.0.0.1 para cerrarla.</translation>
    </message>
    <message>
        <source>chosen at start</source>
        <translation>elegido al arrancar</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::WebSessionView</name>
    <message>
        <source>the connection was refused: nothing listens at %1, or a firewall refuses it</source>
        <translation>se rechazó la conexión: nada escucha en %1, o un cortafuegos la rechaza</translation>
    </message>
    <message>
        <source>the name %1 does not resolve (DNS)</source>
        <translation>el nombre %1 no se resuelve (DNS)</translation>
    </message>
    <message>
        <source>this computer is offline</source>
        <translation>este equipo no tiene conexión</translation>
    </message>
    <message>
        <source>%1 cannot be reached from this computer</source>
        <translation>no se puede llegar a %1 desde este equipo</translation>
    </message>
    <message>
        <source>%1 did not answer in time</source>
        <translation>%1 no respondió a tiempo</translation>
    </message>
    <message>
        <source>%1 closed the connection without an answer</source>
        <translation>%1 cerró la conexión sin responder</translation>
    </message>
    <message>
        <source>the proxy refused the connection</source>
        <translation>el proxy rechazó la conexión</translation>
    </message>
    <message>
        <source>the page could not be loaded</source>
        <translation>no se pudo cargar la página</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>falló</translation>
    </message>
    <message>
        <source>was killed</source>
        <translation>fue terminado a la fuerza</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>se detuvo</translation>
    </message>
    <message>
        <source>This page cannot be shown</source>
        <translation>No se puede mostrar esta página</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>The page&apos;s renderer process %1 (exit code %2). Try again to start it anew.</source>
        <translation>El proceso de renderizado de la página %1 (código de salida %2). Reintente para iniciarlo de nuevo.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2</source>
        <translation>%1 respondió HTTP %2</translation>
    </message>
    <message>
        <source>Cannot open %1: its certificate is not trusted (%2).</source>
        <translation>No se puede abrir %1: su certificado no es de confianza (%2).</translation>
    </message>
    <message>
        <source>Cannot open %1: %2 (%3).</source>
        <translation>No se puede abrir %1: %2 (%3).</translation>
    </message>
    <message>
        <source>Cannot open %1: its certificate was refused (%2). Atrium does not accept untrusted certificates; install a valid one on the server, or add its authority to this computer&apos;s trusted certificates.</source>
        <translation>No se puede abrir %1: se rechazó su certificado (%2). Atrium no acepta certificados que no sean de confianza; instale uno válido en el servidor o añada su autoridad a los certificados de confianza de este equipo.</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::WebViewerWindow</name>
    <message>
        <source>Navigation</source>
        <translation>Navegación</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Adelante</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Type an address</source>
        <translation>Escriba una dirección</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Tamaño real</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <source>Open in system browser</source>
        <translation>Abrir en el navegador del sistema</translation>
    </message>
    <message>
        <source>Save screenshot…</source>
        <translation>Guardar captura de pantalla…</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (privada)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Loading %1… %2 %</source>
        <translation>Cargando %1… %2 %</translation>
    </message>
    <message>
        <source>Private session: cookies, cache and site data end with this window.</source>
        <translation>Sesión privada: las cookies, la caché y los datos de los sitios desaparecen al cerrar esta ventana.</translation>
    </message>
    <message>
        <source>No page to open in the system browser.</source>
        <translation>No hay ninguna página que abrir en el navegador del sistema.</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Guardar captura de pantalla</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>Screenshot saved to %1</source>
        <translation>Captura guardada en %1</translation>
    </message>
    <message>
        <source>Cannot write the screenshot to %1</source>
        <translation>No se puede escribir la captura en %1</translation>
    </message>
    <message>
        <source>Screenshot…</source>
        <translation>Captura…</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::WorkspaceCardDelegate</name>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::WorkspaceDetailPanel</name>
    <message>
        <source>Select a workspace to see its details, sessions and metrics.</source>
        <translation>Seleccione un espacio de trabajo para ver sus detalles, sesiones y métricas.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Anfitrión</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Recursos</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>NetBird</source>
        <translation>NetBird</translation>
    </message>
    <message>
        <source>Base image</source>
        <translation>Imagen base</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Propietario</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Running since</source>
        <translation>En ejecución desde</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Métricas</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — %2%3</source>
        <translation>%1 — %2%3</translation>
    </message>
    <message>
        <source> (simulated: nothing real runs)</source>
        <translation> (simulado: no se ejecuta nada real)</translation>
    </message>
    <message>
        <source>Remote endpoint</source>
        <translation>Punto de acceso remoto</translation>
    </message>
    <message>
        <source>No host</source>
        <translation>Sin anfitrión</translation>
    </message>
    <message>
        <source>Required (now: %1)</source>
        <translation>Obligatorio (ahora: %1)</translation>
    </message>
    <message>
        <source>Not required</source>
        <translation>No obligatorio</translation>
    </message>
    <message>
        <source>Shared catalog</source>
        <translation>Catálogo compartido</translation>
    </message>
    <message>
        <source>a remote endpoint runs on a machine Atrium does not measure</source>
        <translation>un punto de acceso remoto se ejecuta en una máquina que Atrium no mide</translation>
    </message>
    <message>
        <source>%1 is libvirt&apos;s simulator, which measures nothing</source>
        <translation>%1 es el simulador de libvirt, que no mide nada</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>Comprobar ahora</translation>
    </message>
    <message>
        <source>Opens a TCP connection to the endpoint and times the handshake (no data is sent)</source>
        <translation>Abre una conexión TCP con el punto de acceso y mide el tiempo del saludo (no se envía ningún dato)</translation>
    </message>
    <message>
        <source>Reachability</source>
        <translation>Accesibilidad</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Nothing to check: no URL with a host</source>
        <translation>Nada que comprobar: no hay una URL con un host</translation>
    </message>
    <message>
        <source>Not measured yet (checked in the background)</source>
        <translation>Aún sin medir (se comprueba en segundo plano)</translation>
    </message>
    <message>
        <source>Not measured (Atrium contacts an endpoint only at a launch or when asked)</source>
        <translation>Sin medir (Atrium contacta con un punto de acceso solo al iniciarlo o cuando se le pide)</translation>
    </message>
    <message>
        <source>Reachable: %1 ms TCP handshake, at %2</source>
        <translation>Accesible: saludo TCP en %1 ms, a las %2</translation>
    </message>
    <message>
        <source>Not reachable, at %1: %2</source>
        <translation>No accesible, a las %1: %2</translation>
    </message>
    <message>
        <source>Measured on %1</source>
        <translation>Medido en %1</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::WorkspaceEditor</name>
    <message>
        <source>Edit %1</source>
        <translation>Editar %1</translation>
    </message>
    <message>
        <source>Duplicate %1</source>
        <translation>Duplicar %1</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>Nuevo espacio de trabajo</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copia)</translation>
    </message>
    <message>
        <source>A name people will recognise</source>
        <translation>Un nombre que la gente reconozca</translation>
    </message>
    <message>
        <source>Requires an active NetBird tunnel</source>
        <translation>Requiere un túnel NetBird activo</translation>
    </message>
    <message>
        <source> vCPU</source>
        <translation> vCPU</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Optional picture for the card (https://…)</source>
        <translation>Imagen opcional para la tarjeta (https://…)</translation>
    </message>
    <message>
        <source>Default host</source>
        <translation>Anfitrión predeterminado</translation>
    </message>
    <message>
        <source>Base image id, e.g. atrium-tiny</source>
        <translation>ID de la imagen base, p. ej. atrium-tiny</translation>
    </message>
    <message>
        <source>Check the endpoint in the background</source>
        <translation>Comprobar el punto de acceso en segundo plano</translation>
    </message>
    <message>
        <source>Off: Atrium contacts the endpoint only when someone launches or checks it.</source>
        <translation>Desactivado: Atrium solo contacta con el punto de acceso cuando alguien lo inicia o lo comprueba.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>&amp;Tipo</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Descripción</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>&amp;URL</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Conexión</translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation>&amp;Memoria</translation>
    </message>
    <message>
        <source>&amp;Storage</source>
        <translation>&amp;Almacenamiento</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>Anfit&amp;rión</translation>
    </message>
    <message>
        <source>Base &amp;image</source>
        <translation>Imagen &amp;base</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Optional: a web app inside the VM</source>
        <translation>Opcional: una aplicación web dentro de la MV</translation>
    </message>
    <message>
        <source>C&amp;PUs</source>
        <translation>C&amp;PU</translation>
    </message>
    <message>
        <source>Ic&amp;on</source>
        <translation>Ic&amp;ono</translation>
    </message>
    <message>
        <source>Pictu&amp;re URL</source>
        <translation>&amp;Imagen de la tarjeta (URL)</translation>
    </message>
    <message>
        <source>Domain %1 was not created by Atrium: its disks are changed on the host</source>
        <translation>El dominio %1 no lo creó Atrium: sus discos se cambian en el host</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>No se puede guardar: %1</translation>
    </message>
    <message>
        <source>Saving changes nothing in domain %1&apos;s definition.</source>
        <translation>Guardar no cambia nada en la definición del dominio %1.</translation>
    </message>
    <message>
        <source>Saving changes only Atrium&apos;s catalog.</source>
        <translation>Guardar cambia solo el catálogo de Atrium.</translation>
    </message>
    <message>
        <source>Saving changes these elements of domain %1, and nothing else:</source>
        <translation>Guardar cambia estos elementos del dominio %1, y nada más:</translation>
    </message>
</context>
<context>
    <name>Atrium::Ui::WorkspaceListModel</name>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>%1 · KVM unusable here: emulating</source>
        <translation>%1 · KVM inutilizable aquí: emulando</translation>
    </message>
    <message>
        <source>Host: %1 — %2 (%3)</source>
        <translation>Host: %1 — %2 (%3)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Deteniendo…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>HTML5</source>
        <translation>HTML5</translation>
    </message>
    <message>
        <source>RDP</source>
        <translation>RDP</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>Linux</source>
        <translation>Linux</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Navegador</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Windows</translation>
    </message>
    <message>
        <source>Development</source>
        <translation>Desarrollo</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administración</translation>
    </message>
    <message>
        <source>HTML5 (browser)</source>
        <translation>HTML5 (navegador)</translation>
    </message>
    <message>
        <source>VNC</source>
        <translation>VNC</translation>
    </message>
    <message>
        <source>Isolated browser</source>
        <translation>Navegador aislado</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>Terminada</translation>
    </message>
    <message>
        <source>Encrypted (NetBird)</source>
        <translation>Cifrado (NetBird)</translation>
    </message>
    <message>
        <source>NetBird down</source>
        <translation>NetBird caído</translation>
    </message>
    <message>
        <source>No NetBird</source>
        <translation>Sin NetBird</translation>
    </message>
    <message>
        <source>Not needed</source>
        <translation>No necesario</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Inaccesible</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <comment>session status</comment>
        <translation>Desconectada</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <comment>host state</comment>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Auto (KVM when it works)</source>
        <translation>Automática (KVM si funciona)</translation>
    </message>
    <message>
        <source>KVM</source>
        <translation>KVM</translation>
    </message>
    <message>
        <source>Emulation (TCG)</source>
        <translation>Emulación (TCG)</translation>
    </message>
    <message>
        <source>Simulated</source>
        <translation>Simulado</translation>
    </message>
    <message>
        <source>KVM (set by an admin)</source>
        <translation>KVM (fijado por un administrador)</translation>
    </message>
    <message>
        <source>Emulation (set by an admin)</source>
        <translation>Emulación (fijada por un administrador)</translation>
    </message>
    <message>
        <source>KVM unusable here: emulating</source>
        <translation>KVM inutilizable aquí: emulando</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automática</translation>
    </message>
    <message>
        <source>Emulation: no KVM here</source>
        <translation>Emulación: aquí no hay KVM</translation>
    </message>
    <message>
        <source>libvirt&apos;s simulator virtualizes nothing</source>
        <translation>El simulador de libvirt no virtualiza nada</translation>
    </message>
    <message>
        <source>KVM failed to start a virtual machine here on %1, so Atrium started it under emulation (slower) and emulates every virtual machine on this host until an administrator changes its virtualization setting.
QEMU said: %2</source>
        <translation>KVM no pudo arrancar una máquina virtual aquí el %1, así que Atrium la arrancó emulada (más lento) y emula todas las máquinas virtuales de este anfitrión hasta que un administrador cambie su virtualización.
QEMU dijo: %2</translation>
    </message>
    <message>
        <source>Virtual machines always use KVM here; a start fails if KVM does.</source>
        <translation>Aquí las máquinas virtuales usan siempre KVM; un arranque falla si KVM falla.</translation>
    </message>
    <message>
        <source>Virtual machines run under QEMU&apos;s emulation (TCG) here, even where KVM is offered.</source>
        <translation>Aquí las máquinas virtuales se ejecutan con la emulación de QEMU (TCG), aunque se ofrezca KVM.</translation>
    </message>
    <message>
        <source>Virtual machines use KVM; should KVM fail to start one, Atrium says so and emulates it instead.</source>
        <translation>Las máquinas virtuales usan KVM; si KVM no puede arrancar una, Atrium lo dice y la emula en su lugar.</translation>
    </message>
    <message>
        <source>libvirt offers no KVM on this host: virtual machines run under emulation (TCG).</source>
        <translation>libvirt no ofrece KVM en este anfitrión: las máquinas virtuales se ejecutan emuladas (TCG).</translation>
    </message>
    <message>
        <source>%1 (simulated)</source>
        <translation>%1 (simulado)</translation>
    </message>
    <message>
        <source>simulator</source>
        <translation>simulador</translation>
    </message>
    <message>
        <source>simulator (%1)</source>
        <translation>simulador (%1)</translation>
    </message>
    <message>
        <source>local (session)</source>
        <translation>local (sesión)</translation>
    </message>
    <message>
        <source>local</source>
        <comment>this machine&apos;s hypervisor</comment>
        <translation>local</translation>
    </message>
    <message>
        <source>Needs credentials</source>
        <translation>Necesita credenciales</translation>
    </message>
    <message>
        <source>%1 · in use</source>
        <translation>%1 · en uso</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Atrium</source>
        <translation>Atrium</translation>
    </message>
</context>
</TS>

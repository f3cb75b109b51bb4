#pragma once

// The main window's parts, found the way a person or an accessibility tool finds them: by
// object name. A part that is missing ends the test process (a renamed part is a broken test).

#include "catalog/catalogview.h"
#include "catalog/workspacefilterproxy.h"
#include "catalog/workspacelistmodel.h"
#include "detail/workspacedetailpanel.h"
#include "viewer/sessionviewers.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStringList>
#include <QTabWidget>

namespace Atrium::Testing {

/// The child of @p root named @p name.
template <typename T>
T *part(const QObject &root, const char *name)
{
    T *found = root.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no %s named \"%s\"", T::staticMetaObject.className(), name);
    return found;
}

inline Ui::CatalogView *catalogOf(const QObject &window) { return part<Ui::CatalogView>(window, "catalog"); }
inline Ui::WorkspaceDetailPanel *detailOf(const QObject &window) { return part<Ui::WorkspaceDetailPanel>(window, "workspaceDetail"); }
inline Ui::WorkspaceListModel *workspaceModelOf(const QObject &window) { return part<Ui::WorkspaceListModel>(window, "workspaceModel"); }
inline QTabWidget *tabsOf(const QObject &window) { return part<QTabWidget>(window, "tabs"); }
inline Ui::SessionViewers *viewersOf(const QObject &window) { return part<Ui::SessionViewers>(window, "sessionViewers"); }

/// The catalog's search box and the filtered, sorted rows its cards show.
inline QLineEdit *searchBoxOf(const Ui::CatalogView &catalog) { return part<QLineEdit>(catalog, "search"); }
inline Ui::WorkspaceFilterProxy *proxyOf(const Ui::CatalogView &catalog)
{
    auto *proxy = qobject_cast<Ui::WorkspaceFilterProxy *>(catalog.listView()->model());
    if (!proxy)
        qFatal("the catalog's cards do not show a WorkspaceFilterProxy");
    return proxy;
}

/// The status bar as a person reads it: "Hosts: … | NetBird: … | API: …".
inline QString statusBarText(const QObject &window)
{
    return QStringList{part<QLabel>(window, "hostsStatus")->text(), part<QLabel>(window, "tunnelStatus")->text(),
                       part<QLabel>(window, "apiStatus")->text()}
        .join(QStringLiteral(" | "));
}

/// Triggers the window's action @p name ("launchAction", "stopAction", …) as its menu item would.
inline void trigger(const QObject &window, const char *name) { part<QAction>(window, name)->trigger(); }

/// Selects @p workspaceId in the catalog and triggers @p actionName on it.
inline void triggerOn(const QObject &window, const QString &workspaceId, const char *actionName)
{
    catalogOf(window)->selectWorkspace(workspaceId);
    trigger(window, actionName);
}

}  // namespace Atrium::Testing

// The console in Spanish: the catalogs are compiled in and loaded for a Spanish locale, the real
// window shows no English left over, and atrium_es.ts translates every tr() string in the sources
// (lupdate is run here over the same inputs as `update_translations`, into temporary copies).

#include "apifixture.h"
#include "catalog/catalogview.h"
#include "catalog/workspacelistmodel.h"
#include "common/labels.h"
#include "detail/workspacedetailpanel.h"
#include "dialogs/workspaceeditor.h"
#include "mainwindow.h"
#include "windowparts.h"
#include "metrics/metricschartswidget.h"
#include "metrics/metricssampler.h"
#include "screenshots.h"
#include "translations.h"
#include "uitestmain.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Atrium;
using namespace Atrium::Testing;
using Atrium::Ui::Labels;
using Atrium::Ui::MainWindow;
using Atrium::Ui::MetricsChartsWidget;
using Atrium::Ui::WorkspaceEditor;
using Atrium::Ui::WorkspaceListModel;

namespace {

/// A text the user can see, and where.
struct Shown {
    QString where;
    QString text;
};

/// Every user-facing text of @p root and its children, in a stable order: two windows built
/// the same way give lists that pair up one to one.
QList<Shown> shownTexts(QWidget &root)
{
    QList<Shown> all;
    auto add = [&all](const QObject *o, const char *what, const QString &text) {
        if (!text.isEmpty())
            all.append({QStringLiteral("%1 %2 %3").arg(QString::fromLatin1(o->metaObject()->className()), o->objectName(),
                                                       QString::fromLatin1(what)),
                        text});
    };
    QList<QObject *> objects{&root};
    objects += root.findChildren<QObject *>();
    for (const QObject *o : std::as_const(objects)) {
        if (const auto *a = qobject_cast<const QAction *>(o)) {
            if (!a->isSeparator())
                add(o, "text", a->text());
            continue;
        }
        const auto *w = qobject_cast<const QWidget *>(o);
        if (!w)
            continue;
        add(o, "window title", w->windowTitle());
        add(o, "tooltip", w->toolTip());
        add(o, "accessible name", w->accessibleName());
        if (const auto *l = qobject_cast<const QLabel *>(w))
            add(o, "text", l->text());
        if (const auto *b = qobject_cast<const QAbstractButton *>(w))
            add(o, "text", b->text());
        if (const auto *m = qobject_cast<const QMenu *>(w))
            add(o, "title", m->title());
        if (const auto *g = qobject_cast<const QGroupBox *>(w))
            add(o, "title", g->title());
        if (const auto *e = qobject_cast<const QLineEdit *>(w))
            add(o, "placeholder", e->placeholderText());
        if (const auto *s = qobject_cast<const QSpinBox *>(w))
            add(o, "suffix", s->suffix());
        // An editable box holds values (icon ids, audit action names), not words.
        if (const auto *c = qobject_cast<const QComboBox *>(w); c && !c->isEditable()) {
            for (int i = 0; i < c->count(); ++i)
                add(o, "item", c->itemText(i));
        }
        if (const auto *t = qobject_cast<const QTabWidget *>(w)) {
            for (int i = 0; i < t->count(); ++i)
                add(o, "tab", t->tabText(i));
        }
        if (const auto *v = qobject_cast<const QTableView *>(w)) {
            for (int i = 0; v->model() && i < v->model()->columnCount(); ++i)
                add(o, "header", v->model()->headerData(i, Qt::Horizontal).toString());
        }
        if (const auto *v = qobject_cast<const QChartView *>(w)) {
            add(o, "chart title", v->chart()->title());
            for (const QAbstractSeries *s : v->chart()->series())
                add(o, "legend", s->name());
        }
    }
    return all;
}

/// The words of @p text that a translation must change: not names, units or identifiers.
QStringList wordsToTranslate(QString text)
{
    // Proper nouns and words Spanish writes as English does.
    static const QStringList same = QStringLiteral("Atrium NetBird curl libvirt API REST URL URI CPU vCPU MB GB HTML RDP VNC "
                                                   "Linux Windows Web SSH TLS MFA Error Total KVM QEMU TCG")
                                        .split(u' ');
    text.remove(QRegularExpression(QStringLiteral("<[^>]*>")));  // rich text tags
    text.remove(u'&');
    QStringList words;
    for (const QString &token : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        // Addresses, paths, units and identifiers (launch_workspace) are data, not language.
        if (token.contains(QRegularExpression(QStringLiteral("[_/:@.=]\\S"))))
            continue;
        for (const auto &m : QRegularExpression(QStringLiteral("\\p{L}+")).globalMatch(token)) {
            if (!same.contains(m.captured(), Qt::CaseInsensitive))
                words << m.captured();
        }
    }
    return words;
}

/// The mnemonic letter of a text ("&Archivo" → 'a'), or a null char.
QChar mnemonic(const QString &text)
{
    const qsizetype at = text.indexOf(QRegularExpression(QStringLiteral("&[^&]")));
    return at >= 0 ? text.at(at + 1).toLower() : QChar();
}

/// The texts among @p texts whose mnemonic another one already has.
QStringList clashingMnemonics(const QStringList &texts)
{
    QHash<QChar, QString> taken;
    QStringList clashes;
    for (const QString &t : texts) {
        const QChar key = mnemonic(t);
        if (key.isNull())
            continue;
        if (taken.contains(key))
            clashes << taken.value(key) + QStringLiteral(" / ") + t;
        taken.insert(key, t);
    }
    return clashes;
}

/// What a .ts file leaves untranslated.
struct CatalogCheck {
    int messages = 0;
    QStringList sources;     ///< every source text, to know lupdate really read the code
    QStringList untranslated;
};

CatalogCheck failure(const QString &why)
{
    CatalogCheck check;
    check.untranslated << why;
    return check;
}

CatalogCheck readCatalog(const QString &path)
{
    CatalogCheck check;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return check;
    QXmlStreamReader xml(&file);
    QString context, source;
    bool finished = true;
    QStringList forms;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"name")
                context = xml.readElementText();
            else if (name == u"message") {
                source.clear();
                forms.clear();
                finished = true;
            } else if (name == u"source")
                source = xml.readElementText();
            else if (name == u"translation") {
                const auto type = xml.attributes().value(QLatin1String("type"));
                finished = type.isEmpty();  // "unfinished", "vanished", "obsolete"
                if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace())
                    forms << xml.text().toString();
            } else if (name == u"numerusform")
                forms << xml.readElementText();
        } else if (xml.isEndElement() && xml.name() == u"message") {
            ++check.messages;
            check.sources << source;
            const bool empty = forms.isEmpty() || std::any_of(forms.cbegin(), forms.cend(), [](const QString &f) { return f.isEmpty(); });
            if (!finished || empty)
                check.untranslated << context + QStringLiteral(": ") + source;
        }
    }
    if (xml.hasError())
        check.untranslated << path + QStringLiteral(": ") + xml.errorString();
    return check;
}

/// Runs lupdate over the sources `update_translations` reads (plus @p extraSources) into a
/// temporary copy of translations/@p tsName, and reads the result.
CatalogCheck lupdatedCopy(const QString &tsName, bool pluralOnly, const QStringList &extraSources = {})
{
    QTemporaryDir dir;
    const QString ts = dir.filePath(tsName);
    if (!QFile::copy(QStringLiteral(ATRIUM_TRANSLATIONS_DIR "/") + tsName, ts))
        return failure(QStringLiteral("cannot copy ") + tsName);
    QFile::setPermissions(ts, QFile::ReadOwner | QFile::WriteOwner);
    QString inputs = QStringLiteral(ATRIUM_LUPDATE_INPUTS);
    if (!extraSources.isEmpty()) {
        QFile original(inputs);
        QFile extended(dir.filePath(QStringLiteral("inputs.lst")));
        if (!original.open(QIODevice::ReadOnly) || !extended.open(QIODevice::WriteOnly))
            return failure(QStringLiteral("cannot write the input list"));
        extended.write(original.readAll() + extraSources.join(u'\n').toUtf8() + '\n');
        inputs = extended.fileName();
    }
    QStringList arguments{QStringLiteral("@") + inputs, QStringLiteral("-ts"), ts, QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")};
    if (pluralOnly)
        arguments << QStringLiteral("-pluralonly");
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(ATRIUM_LUPDATE), arguments);
    if (!lupdate.waitForFinished(60000) || lupdate.exitStatus() != QProcess::NormalExit || lupdate.exitCode() != 0)
        return failure(QStringLiteral("lupdate failed: ") + QString::fromLocal8Bit(lupdate.readAll()));
    return readCatalog(ts);
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT

    std::unique_ptr<ApiFixture> f;
    QList<QTranslator *> installed;

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(f->port); }

    std::unique_ptr<MainWindow> openWindow()
    {
        auto window = std::make_unique<MainWindow>(*f->engine.engine, f->metrics.get(), f->engine.admin, baseUrl());
        window->resize(1400, 860);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        return window;
    }

    void removeTranslations()
    {
        for (QTranslator *t : std::as_const(installed)) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
        installed.clear();
    }

private Q_SLOTS:
    void initTestCase()
    {
        f = std::make_unique<ApiFixture>();
        QVERIFY(f->engine.waitForHosts());
    }

    void cleanup() { removeTranslations(); }

    void cleanupTestCase() { f.reset(); }

    void bothCatalogsAreCompiledIn()
    {
        for (const char *language : {"es", "en"}) {
            const QString path = QStringLiteral(":/i18n/atrium_%1.qm").arg(QLatin1String(language));
            QTranslator translator;
            QVERIFY2(translator.load(path), qPrintable(path));
            QCOMPARE(translator.language(), QLatin1String(language));
            QVERIFY(!translator.isEmpty());
        }
    }

    void aSpanishLocaleGetsSpanishFromAtriumAndQt()
    {
        installed = installTranslations(*qApp, QLocale(QLocale::Spanish, QLocale::Spain));
        QCOMPARE(installed.size(), 2);
        QCOMPARE(installed.at(0)->filePath(), QStringLiteral(":/i18n/atrium_es.qm"));
        QCOMPARE(QFileInfo(installed.at(1)->filePath()).fileName(), QStringLiteral("qtbase_es.qm"));
        QCOMPARE(Labels::status(WorkspaceStatus::Running), QStringLiteral("En ejecución"));
        QCOMPARE(Labels::hostState(HostState::Disconnected), QStringLiteral("Desconectado"));
        QCOMPARE(Labels::sessionStatus(SessionStatus::Disconnected), QStringLiteral("Desconectada"));
        QCOMPARE(QCoreApplication::translate("Atrium::Ui::CatalogView", "%n workspace(s)", nullptr, 1), QStringLiteral("1 espacio de trabajo"));
        QCOMPARE(QCoreApplication::translate("Atrium::Ui::CatalogView", "%n workspace(s)", nullptr, 5), QStringLiteral("5 espacios de trabajo"));
        // Qt's own buttons speak Spanish too (qtbase_es.qm from qt6-translations-l10n).
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancelar"));
    }

    void anotherLocaleGetsEnglishWithItsPlurals()
    {
        // No German catalog: English throughout (not German Qt buttons beside English labels).
        installed = installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(!installed.isEmpty());
        QCOMPARE(installed.at(0)->filePath(), QStringLiteral(":/i18n/atrium_en.qm"));
        for (const QTranslator *t : std::as_const(installed))
            QVERIFY2(!t->filePath().contains(u"_de"), qPrintable(t->filePath()));
        QCOMPARE(QCoreApplication::translate("Atrium::Ui::CatalogView", "%n workspace(s)", nullptr, 1), QStringLiteral("1 workspace"));
        QCOMPARE(QCoreApplication::translate("Atrium::Ui::CatalogView", "%n workspace(s)", nullptr, 5), QStringLiteral("5 workspaces"));
        QCOMPARE(QCoreApplication::translate("Atrium::Ui::SessionsView", "%n session(s)", nullptr, 1), QStringLiteral("1 session"));
    }

    void theSpanishCatalogTranslatesEveryStringInTheSources()
    {
        const CatalogCheck check = lupdatedCopy(QStringLiteral("atrium_es.ts"), false);
        // lupdate really read the code: strings from ui/ and app/ are there.
        QVERIFY2(check.sources.contains(QStringLiteral("&Launch")) && check.sources.contains(QStringLiteral("Atrium")), qPrintable(check.untranslated.join(u'\n')));
        QVERIFY2(check.messages > 200, qPrintable(QString::number(check.messages)));
        QVERIFY2(check.untranslated.isEmpty(),
                 qPrintable(QStringLiteral("Not translated in translations/atrium_es.ts (build the update_translations target, then translate):\n")
                            + check.untranslated.join(u'\n')));
        // The committed file is what lupdate makes of the sources: nothing stale, nothing missing.
        const CatalogCheck committed = readCatalog(QStringLiteral(ATRIUM_TRANSLATIONS_DIR "/atrium_es.ts"));
        QCOMPARE(committed.messages, check.messages);
    }

    void theEnglishCatalogHasEveryPluralForm()
    {
        const CatalogCheck check = lupdatedCopy(QStringLiteral("atrium_en.ts"), true);
        QVERIFY(check.sources.contains(QStringLiteral("%n workspace(s)")));
        QVERIFY2(check.untranslated.isEmpty(), qPrintable(QStringLiteral("Plural forms missing in translations/atrium_en.ts:\n") + check.untranslated.join(u'\n')));
    }

    void aNewStringWithoutSpanishFailsTheCheck()
    {
        // The check above must be able to fail: one more tr() string in the code, and it does.
        QTemporaryDir dir;
        QFile source(dir.filePath(QStringLiteral("newstring.cpp")));
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.write("#include <QCoreApplication>\n"
                     "QString newString() { return QCoreApplication::translate(\"Atrium::Ui::MainWindow\", \"A string nobody translated\"); }\n");
        source.close();
        const CatalogCheck before = lupdatedCopy(QStringLiteral("atrium_es.ts"), false);
        const CatalogCheck after = lupdatedCopy(QStringLiteral("atrium_es.ts"), false, {source.fileName()});
        QCOMPARE(after.untranslated.size(), before.untranslated.size() + 1);
        QVERIFY(after.untranslated.contains(QStringLiteral("Atrium::Ui::MainWindow: A string nobody translated")));
    }

    void theWindowShowsNoEnglishInSpanish()
    {
        // The same window twice over the same engine: in the source language, then in Spanish.
        QList<Shown> english;
        {
            auto window = openWindow();
            QVERIFY(window);
            english = shownTexts(*window);
        }
        installed = installTranslations(*qApp, QLocale(QLocale::Spanish, QLocale::Spain));
        QVERIFY(!installed.isEmpty());
        auto window = openWindow();
        QVERIFY(window);
        const QList<Shown> spanish = shownTexts(*window);
        QVERIFY(english.size() > 50);
        QCOMPARE(spanish.size(), english.size());
        QStringList untranslated;
        for (qsizetype i = 0; i < english.size(); ++i) {
            QCOMPARE(spanish.at(i).where, english.at(i).where);
            if (spanish.at(i).text == english.at(i).text && !wordsToTranslate(english.at(i).text).isEmpty())
                untranslated << english.at(i).where + QStringLiteral(": ") + english.at(i).text;
        }
        QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("Still English:\n") + untranslated.join(u'\n')));

        // What a Spanish speaker reads first.
        QStringList menus;
        for (const QAction *a : window->menuBar()->actions())
            menus << a->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&Archivo"), QStringLiteral("&Espacio de trabajo"), QStringLiteral("&Ver"), QStringLiteral("Ay&uda")}));
        QStringList tabs;
        for (int i = 0; i < tabsOf(*window)->count(); ++i)
            tabs << tabsOf(*window)->tabText(i);
        QCOMPARE(tabs, (QStringList{QStringLiteral("Espacios de &trabajo"), QStringLiteral("&Sesiones"), QStringLiteral("A&nfitriones"), QStringLiteral("Registro de au&ditoría")}));
        QStringList actions;
        for (const QAction *a : window->actions())
            actions << a->text();
        for (const char *text : {"&Iniciar", "&Detener", "&Buscar", "&Salir", "E&liminar…"})
            QVERIFY2(actions.contains(QString::fromUtf8(text)), qPrintable(actions.join(u',')));
        QStringList filterItems;
        for (const QComboBox *c : catalogOf(*window)->findChildren<QComboBox *>())
            filterItems << c->itemText(0);
        for (const char *text : {"Todos los tipos", "Cualquier estado", "Todos los anfitriones", "Orden del catálogo"})
            QVERIFY2(filterItems.contains(QString::fromUtf8(text)), qPrintable(filterItems.join(u',')));
        auto *search = catalogOf(*window)->findChild<QLineEdit *>();
        QVERIFY(search);
        QCOMPARE(search->placeholderText(), QStringLiteral("Nombre, ID, descripción o URL"));
        QVERIFY2(statusBarText(*window).startsWith(QStringLiteral("Anfitriones: 1/1 conectados")), qPrintable(statusBarText(*window)));
        const QModelIndex first = workspaceModelOf(*window)->index(0);
        QCOMPARE(first.data(WorkspaceListModel::StatusTextRole).toString(), QStringLiteral("Disponible"));
        const QLabel *count = nullptr;
        for (const QLabel *l : catalogOf(*window)->findChildren<QLabel *>())
            count = l->text().contains(QStringLiteral("espacios de trabajo")) ? l : count;
        QVERIFY(count);
        QCOMPARE(count->text(), QStringLiteral("5 espacios de trabajo"));
    }

    void mnemonicsAreUniqueInEachLanguage()
    {
        for (bool inSpanish : {false, true}) {
            if (inSpanish)
                installed = installTranslations(*qApp, QLocale(QLocale::Spanish, QLocale::Spain));
            auto window = openWindow();
            QVERIFY(window);
            // The menu bar and the tabs answer the same Alt+letter.
            QStringList top;
            for (const QAction *a : window->menuBar()->actions())
                top << a->text();
            for (int i = 0; i < tabsOf(*window)->count(); ++i)
                top << tabsOf(*window)->tabText(i);
            QVERIFY2(clashingMnemonics(top).isEmpty(), qPrintable(clashingMnemonics(top).join(u'\n')));
            for (const QMenu *menu : window->menuBar()->findChildren<QMenu *>()) {
                QStringList texts;
                for (const QAction *a : menu->actions())
                    texts << a->text();
                QVERIFY2(clashingMnemonics(texts).isEmpty(), qPrintable(menu->title() + QStringLiteral(": ") + clashingMnemonics(texts).join(QStringLiteral(", "))));
            }
            WorkspaceEditor editor(*f->engine.engine, f->engine.admin, WorkspaceEditor::Mode::Create, {}, window.get());
            QStringList fields;
            for (const QLabel *l : editor.findChildren<QLabel *>())
                fields << l->text();
            QVERIFY2(clashingMnemonics(fields).isEmpty(), qPrintable(clashingMnemonics(fields).join(QStringLiteral(", "))));
        }
    }

    void theEditorShowsNoEnglishInSpanish()
    {
        QList<Shown> english;
        {
            WorkspaceEditor editor(*f->engine.engine, f->engine.admin, WorkspaceEditor::Mode::Create, {});
            english = shownTexts(editor);
        }
        installed = installTranslations(*qApp, QLocale(QLocale::Spanish, QLocale::Spain));
        WorkspaceEditor editor(*f->engine.engine, f->engine.admin, WorkspaceEditor::Mode::Create, {});
        const QList<Shown> spanish = shownTexts(editor);
        QCOMPARE(spanish.size(), english.size());
        QStringList untranslated;
        for (qsizetype i = 0; i < english.size(); ++i) {
            if (spanish.at(i).text == english.at(i).text && !wordsToTranslate(english.at(i).text).isEmpty())
                untranslated << english.at(i).where + QStringLiteral(": ") + english.at(i).text;
        }
        QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("Still English:\n") + untranslated.join(u'\n')));
        QCOMPARE(editor.windowTitle(), QStringLiteral("Nuevo espacio de trabajo"));
    }

    void screenshots()
    {
        installed = installTranslations(*qApp, QLocale(QLocale::Spanish, QLocale::Spain));
        auto window = openWindow();
        QVERIFY(window);
        // A running VM beside the default catalog, selected, with its detail panel (Spanish is longer).
        WorkspacePatch vm = smallVm(QStringLiteral("VM de compilación Ubuntu"));
        vm.description = QStringLiteral("Ejecutor de CI en el anfitrión simulado");
        const Workspace w = must(f->engine.engine->createWorkspace(f->engine.admin, vm));
        auto launched = await(f->engine.engine->launchWorkspace(f->engine.admin, w.id));
        QVERIFY(launched && *launched);
        catalogOf(*window)->selectWorkspace(w.id);
        QTRY_COMPARE(detailOf(*window)->workspaceId(), w.id);
        QTest::qWait(100);
        QVERIFY(saveScreenshot(*window, QStringLiteral("main-window-es")));

        for (int tab = 1; tab < tabsOf(*window)->count(); ++tab) {
            tabsOf(*window)->setCurrentIndex(tab);
            QTest::qWait(50);
            const QString names[] = {{}, QStringLiteral("sessions-es"), QStringLiteral("hosts-es"), QStringLiteral("audit-es")};
            QVERIFY(saveScreenshot(*window, names[tab]));
        }

        WorkspaceEditor editor(*f->engine.engine, f->engine.admin, WorkspaceEditor::Mode::Create, {}, window.get());
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY(saveScreenshot(editor, QStringLiteral("workspace-editor-es")));

        // The simulator measures nothing, so the charts get points here, as tst_metricschartswidget
        // feeds them: to see the Spanish titles and legends fit the detail panel.
        MetricsChartsWidget charts(f->metrics.get());
        charts.resize(520, 380);
        charts.setWorkspace(QStringLiteral("ws-charts"), true, {});
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 30; ++i) {
            MetricPoint p;
            p.at = t0.addSecs(2 * i);
            p.cpuPercent = 20 + i;
            p.memoryUsedMb = 300 + 4 * i;
            p.memoryTotalMb = 1024;
            p.diskReadBps = 20'000 + 1'000 * i;
            p.diskWriteBps = 50'000;
            p.netRxBps = 2'000'000;
            p.netTxBps = 600'000 + 10'000 * i;
            Q_EMIT f->metrics->sampled(QStringLiteral("ws-charts"), p);
        }
        QVERIFY(charts.chartsVisible());
        QVERIFY(saveScreenshot(charts, QStringLiteral("metrics-es")));
        const auto deleted = await(f->engine.engine->deleteWorkspace(f->engine.admin, w.id));
        QVERIFY(deleted && *deleted);
    }
};

ATRIUM_UI_TEST_MAIN(TestTranslations)
#include "tst_translations.moc"

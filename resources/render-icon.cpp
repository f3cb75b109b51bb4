// Renders the application icon's SVG as the PNGs a desktop menu looks up in the hicolor theme
// (DIR/NxN/apps/NAME.png), at build time, so the PNGs never drift from the SVG.
//   atrium-render-icon ICON.svg DIR NAME SIZE...

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);  // the SVG image plugin paints: run with QT_QPA_PLATFORM=offscreen
    const QStringList args = app.arguments().mid(1);
    QTextStream err(stderr);
    if (args.size() < 4) {
        err << "usage: atrium-render-icon ICON.svg DIR NAME SIZE...\n";
        return 2;
    }
    const QString svg = args.at(0);
    const QDir out(args.at(1));
    const QString name = args.at(2);
    for (const QString &text : args.mid(3)) {
        bool ok = false;
        const int size = text.toInt(&ok);
        if (!ok || size < 8 || size > 1024) {
            err << "atrium-render-icon: '" << text << "' is not a size between 8 and 1024\n";
            return 2;
        }
        QImageReader reader(svg, "svg");
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        if (image.isNull()) {
            err << "atrium-render-icon: cannot render " << svg << ": " << reader.errorString()
                << " (is Qt's SVG image plugin, libqt6svg6, installed?)\n";
            return 1;
        }
        const QString dir = QStringLiteral("%1x%1/apps").arg(size);
        const QString file = out.filePath(dir + u'/' + name + QStringLiteral(".png"));
        if (!out.mkpath(dir) || !image.save(file, "PNG")) {
            err << "atrium-render-icon: cannot write " << file << "\n";
            return 1;
        }
    }
    return 0;
}

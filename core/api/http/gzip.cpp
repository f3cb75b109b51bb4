#include "api/http/gzip.h"

#include <QList>
#include <zlib.h>

namespace Atrium::Api {

bool acceptsGzip(const QByteArray &acceptEncoding)
{
    bool viaWildcard = false;
    for (const QByteArray &item : acceptEncoding.split(',')) {
        const QList<QByteArray> parts = item.split(';');
        const QByteArray coding = parts.first().trimmed().toLower();
        double q = 1.0;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed().toLower();
            if (parameter.startsWith("q="))
                q = parameter.mid(2).toDouble();
        }
        if (coding == "gzip" || coding == "x-gzip")
            return q > 0;
        if (coding == "*")
            viaWildcard = q > 0;
    }
    return viaWildcard;
}

QByteArray gzipCompress(const QByteArray &data)
{
    z_stream stream{};
    // 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}

}  // namespace Atrium::Api

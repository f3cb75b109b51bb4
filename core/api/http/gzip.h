#pragma once

#include <QByteArray>

namespace Atrium::Api {

/// Whether an Accept-Encoding header takes gzip (q > 0; "*" counts, "gzip;q=0" refuses).
bool acceptsGzip(const QByteArray &acceptEncoding);

/// @p data as a gzip stream (RFC 1952), for Content-Encoding: gzip. Empty on failure.
QByteArray gzipCompress(const QByteArray &data);

}  // namespace Atrium::Api

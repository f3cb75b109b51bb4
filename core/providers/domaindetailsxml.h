#pragma once

#include "model/domaindetails.h"
#include "model/error.h"

#include <QString>

class QXmlStreamWriter;

namespace Atrium {

/// libosinfo's namespace in <metadata>, where virt-install and virt-manager record the guest OS.
inline constexpr QLatin1StringView kLibosinfoNamespace{"http://libosinfo.org/xmlns/libvirt/domain/1.0"};

/// Reads what Atrium shows of a domain from its XML (virDomainGetXMLDesc). Elements it does
/// not know are skipped; XML that is not a <domain> is an error that says where it broke.
Result<DomainDetails> parseDomainDetails(const QString &xml);

/// Atrium's <metadata> element, without the namespace prefix declaration libvirt adds:
/// what virDomainSetMetadata(VIR_DOMAIN_METADATA_ELEMENT) takes and domainXml() embeds.
QString atriumMetadataXml(const AtriumMetadata &metadata);
/// Writes the same element into a document being written; @p inNamespace declares and uses
/// Atrium's namespace (inside a whole domain XML).
void writeAtriumMetadata(QXmlStreamWriter &xml, const AtriumMetadata &metadata, bool inNamespace);

}  // namespace Atrium

#pragma once

#include <QString>

#include <libvirt/libvirt.h>

namespace Atrium {

class CredentialBook;

/// virConnectOpenAuth on @p openUri, answering libvirt's questions (SASL user names and
/// passwords, the test driver's <auth>) from @p book's answers for @p uri. An unanswered
/// question cancels the attempt (Atrium never waits on a person here); @p book's outcome then
/// names it. A failure with an answer given marks the answers refused.
virConnectPtr openAuthenticated(const QString &uri, const QString &openUri, CredentialBook &book);

}  // namespace Atrium

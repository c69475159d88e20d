#include "CertificateDialog.h"

#include "client/ConnectionManager.h"

#include <QPushButton>

namespace sb::ui {

CertificateDialog::CertificateDialog(const QString &server, const QSslCertificate &certificate,
                                     const QString &errors, QWidget *parent)
    : QMessageBox(parent)
{
    setIcon(QMessageBox::Warning);
    setWindowTitle(tr("Untrusted certificate"));
    setText(tr("The server %1 presented a certificate this computer does not trust.").arg(server));
    const QString subject = certificate.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "));
    setInformativeText(
        tr("Why: %1\n\nIssued to: %2\nSHA-256 fingerprint:\n%3\n\nTrust it only if this fingerprint "
           "matches the one your server's operator gives you. Nothing was sent to the server.")
            .arg(errors, subject.isEmpty() ? tr("(no name)") : subject,
                 client::ConnectionManager::fingerprint(certificate)));
    m_trust = addButton(tr("Trust this certificate"), QMessageBox::AcceptRole);
    setDefaultButton(addButton(QMessageBox::Cancel));
}

} // namespace sb::ui

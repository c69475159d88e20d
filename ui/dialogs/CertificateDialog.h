#pragma once

#include <QMessageBox>
#include <QSslCertificate>

namespace sb::ui {

// Asked when a server's certificate does not verify: shows what is wrong and the certificate's
// SHA-256 fingerprint, to compare with the one the server's operator publishes, and lets the
// user trust that one certificate (it is then pinned; any other still fails).
class CertificateDialog : public QMessageBox
{
    Q_OBJECT

public:
    CertificateDialog(const QString &server, const QSslCertificate &certificate,
                      const QString &errors, QWidget *parent = nullptr);
    bool trusted() const { return clickedButton() == m_trust; }

private:
    QAbstractButton *m_trust;
};

} // namespace sb::ui

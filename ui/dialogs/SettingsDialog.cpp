#include "SettingsDialog.h"

#include "protocol/Validator.h"
#include "ui/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sb::ui {

SettingsDialog::SettingsDialog(const AppSettings &settings, Purpose purpose, QWidget *parent)
    : QDialog(parent)
    , m_original(settings)
    , m_server(new QLineEdit(settings.server.toString(), this))
    , m_name(new QLineEdit(settings.name, this))
    , m_token(new QLineEdit(settings.token, this))
    , m_theme(new QComboBox(this))
    , m_notifications(new QCheckBox(tr("Notify me of mentions and direct messages"), this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(purpose == Purpose::FirstRun ? tr("Connect to Switchboard") : tr("Settings"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(2 * Theme::Grid);
    if (purpose == Purpose::FirstRun) {
        auto *intro = new QLabel(tr("Switchboard connects to a chat server. The local demo server "
                                    "(started by <b>make demo</b>) is filled in."), this);
        intro->setWordWrap(true);
        layout->addWidget(intro);
    }
    auto *form = new QFormLayout;
    m_server->setPlaceholderText(QStringLiteral("ws://127.0.0.1:8765"));
    m_server->setAccessibleName(tr("Server address"));
    m_name->setPlaceholderText(tr("How others see you"));
    m_name->setAccessibleName(tr("Your name"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Only for servers that take no guests"));
    m_token->setAccessibleName(tr("Sign-in token"));
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(settings.theme)));
    m_theme->setAccessibleName(tr("Theme"));
    m_notifications->setChecked(settings.notifications);
    form->addRow(tr("Server"), m_server);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Token"), m_token);
    form->addRow(tr("Theme"), m_theme);
    form->addRow(QString(), m_notifications);
    layout->addLayout(form);
    m_problem->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::down().name()));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(purpose == Purpose::FirstRun ? tr("Connect") : tr("Save"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    for (QLineEdit *edit : {m_server, m_name, m_token})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    validate();
    resize(440, sizeHint().height());
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_original;
    s.server = QUrl(m_server->text().trimmed());
    s.name = m_name->text().trimmed();
    s.token = m_token->text().trimmed();
    s.theme = m_theme->currentData().toString();
    s.notifications = m_notifications->isChecked();
    return s;
}

QString SettingsDialog::problemWith(const AppSettings &s)
{
    if (!s.server.isValid() || (s.server.scheme() != QLatin1String("ws") && s.server.scheme() != QLatin1String("wss"))
        || s.server.host().isEmpty())
        return tr("The server address must look like ws://host:port or wss://host:port.");
    if (!protocol::Validator::isUserName(s.name))
        return tr("A name is 1–32 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    return {};
}

void SettingsDialog::validate()
{
    const QString problem = problemWith(settings());
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_ok->setEnabled(problem.isEmpty());
}

} // namespace sb::ui

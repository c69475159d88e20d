#pragma once

#include "ui/AppSettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace sb::ui {

// Server, name, token, theme and notifications. The same dialog greets a first run
// ("Connect to Switchboard", the local server filled in) and serves as Settings later.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Purpose { FirstRun, Settings };

    SettingsDialog(const AppSettings &settings, Purpose purpose, QWidget *parent = nullptr);
    AppSettings settings() const;

    // Empty when the values can be used; otherwise what to fix, in words.
    static QString problemWith(const AppSettings &settings);

private:
    void validate();

    AppSettings m_original;
    QLineEdit *m_server;
    QLineEdit *m_name;
    QLineEdit *m_token;
    QComboBox *m_theme;
    QCheckBox *m_notifications;
    QLabel *m_problem;
    class QPushButton *m_ok;
};

} // namespace sb::ui

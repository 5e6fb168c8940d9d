//! The mails of accounts: the invitation of a new account and the link to
//! reset a password, both with a one-time link (texts `mail_accounts_*`).

use crate::i18n::{k, Key};
use crate::mail::Letter;

/// What both account mails say: whom, the one-time link and until when.
#[derive(Clone, Debug)]
pub struct AccountLink {
    /// The user's display name.
    pub name: String,
    pub username: String,
    pub link: String,
    /// How long the link is valid.
    pub hours: i64,
    /// The end of its validity, `YYYY-MM-DD HH:MM` (UTC).
    pub until: String,
    pub bureau: String,
}

impl AccountLink {
    fn values(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("username", self.username.clone()),
            ("link", self.link.clone()),
            ("hours", self.hours.to_string()),
            ("until", self.until.clone()),
            ("bureau", self.bureau.clone()),
        ]
    }
}

/// A new account's invitation to set its password.
#[derive(Clone, Debug)]
pub struct Invitation(pub AccountLink);

impl Letter for Invitation {
    const SUBJECT: Key = k::MAIL_ACCOUNTS_INVITE_SUBJECT;
    const BODY: Key = k::MAIL_ACCOUNTS_INVITE_BODY;
    fn values(&self) -> Vec<(&'static str, String)> {
        self.0.values()
    }
}

/// The link to set a new password.
#[derive(Clone, Debug)]
pub struct PasswordReset(pub AccountLink);

impl Letter for PasswordReset {
    const SUBJECT: Key = k::MAIL_ACCOUNTS_RESET_SUBJECT;
    const BODY: Key = k::MAIL_ACCOUNTS_RESET_BODY;
    fn values(&self) -> Vec<(&'static str, String)> {
        self.0.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{assert_renders, render, MAIL_LANG};

    fn sample() -> AccountLink {
        AccountLink {
            name: "张三".into(),
            username: "zhangsan".into(),
            link: "http://127.0.0.1:3000/invite/abc".into(),
            hours: 72,
            until: "2026-12-05 15:00".into(),
            bureau: "阳光市民政局".into(),
        }
    }

    #[test]
    fn every_letter_renders_in_both_languages() {
        assert_renders(&Invitation(sample()));
        assert_renders(&PasswordReset(sample()));
    }

    #[test]
    fn chinese_texts_are_those_of_before() {
        let a = sample();
        for (purpose, (subject, body)) in [
            ("invite", render(MAIL_LANG, &Invitation(a.clone()))),
            ("reset", render(MAIL_LANG, &PasswordReset(a.clone()))),
        ] {
            // The text `send_link` wrote with `format!` before the letters.
            let (old_subject, intro) = if purpose == "reset" {
                ("阳光监管：重设密码", "您的账户密码重设链接如下，请设置新密码。")
            } else {
                ("阳光监管：账户邀请", "登记管理机关为您开设了阳光监管平台账户，请通过下面的链接设置密码。")
            };
            let old_body = format!(
                "{name}，您好：\n\n{intro}\n\n用户名：{username}\n链接：{link}\n\n链接只能使用一次，{hours} 小时内有效（至 {until} UTC）。如非本人操作，请忽略本邮件。\n\n{bureau}",
                name = a.name,
                username = a.username,
                link = a.link,
                hours = a.hours,
                until = a.until,
                bureau = a.bureau,
            );
            assert_eq!(subject, old_subject);
            assert_eq!(body, old_body);
        }
    }
}

#include "gateway/panel/panel_messages.h"

#include "gateway/http/page_language.h"

namespace opinus::gateway {
namespace {

PanelMessages Polish() {
  PanelMessages m;
  m.sign_up_title = "Załóż konto";
  m.log_in_title = "Zaloguj się";
  m.log_out_title = "Wyloguj się";
  m.tokens_title = "Tokeny API";
  m.account_title = "Konto";
  m.account_deleted_title = "Konto zostanie usunięte";
  m.shops_title = "Twoje sklepy";
  m.invitations_title = "Zaproszenia";
  m.opinions_title = "Opinie";
  m.dashboard_title = "Podsumowanie";
  m.shop_awaiting_approval = "czeka na zatwierdzenie przez operatora";
  m.shop_sending_off = "wysyłka zaproszeń wyłączona";
  m.shop_webhooks_silent = "brak webhooków od 48 godzin";
  m.shop_working = "działa";
  m.not_found_title = "Nie znaleziono";
  m.form_expired_title = "Formularz wygasł";
  m.too_many_title = "Zbyt wiele prób";
  m.not_done_title = "Nie wykonano";
  m.email_confirmed_title = "Adres e-mail potwierdzony";
  m.confirm_link_unknown_title = "Nieznany link";
  m.email_taken = "Konto z tym adresem e-mail już istnieje: zaloguj się.";
  m.password_length = "Hasło musi mieć od 10 do 128 znaków.";
  m.email_invalid = "Podaj poprawny adres e-mail.";
  m.wrong_credentials = "Nieprawidłowy e-mail lub hasło.";
  m.wrong_password = "Nieprawidłowe hasło.";
  m.not_saved = "Nie zapisano: ";
  m.shop_name_invalid = "Podaj nazwę sklepu: do 200 znaków, bez znaków sterujących.";
  m.shop_domain_invalid = "Podaj domenę sklepu w Shoper, np. sklep123456.shoparena.pl.";
  m.request_refused = "Opinus nie przyjął tych danych. Sprawdź je i spróbuj ponownie.";
  m.cannot_cancel =
      "Tego zaproszenia nie można już anulować: zostało wysłane albo nie jest już zaplanowane.";
  m.cannot_resend = "Tego zaproszenia nie można wysłać ponownie w jego obecnym stanie.";
  m.secret_set = "Klucz jest ustawiony.";
  m.secret_not_set = "Klucz nie jest ustawiony.";
  m.settings_saved = "Zapisano dane.";
  m.key_rotated =
      "Klucz zmieniony. Wklej nowy adres URL w Shoper; do tego czasu poprzedni klucz działa "
      "jeszcze przez podany czas.";
  m.key_grace_ended = "Poprzedni klucz już nie działa.";
  m.invitation_cancelled = "Anulowano zaproszenie.";
  m.invitation_resent = "Zaproszenie zaplanowane ponownie.";
  m.reply_saved = "Zapisano odpowiedź.";
  m.confirmation_sent = "Wysłaliśmy nowy link potwierdzający. Poprzedni już nie działa.";
  m.confirmation_not_sent =
      "Nie udało się wysłać linku potwierdzającego. Spróbuj ponownie za kilka minut.";
  m.deletion_cancelled =
      "Twoje konto miało zostać usunięte. Zalogowałeś się, więc usuwanie anulowaliśmy: konto i "
      "sklepy działają jak wcześniej, a wstrzymane zaproszenia zostaną wysłane.";
  m.date_time_format = "%d.%m.%Y %H:%M";
  m.less_than_a_minute = "mniej niż minuta";
  m.hours = " godz. ";
  m.all_states = "wszystkie";
  m.order = "zamówienie ";
  m.your_reply = "Twoja publiczna odpowiedź";
  m.save_reply = "Zapisz odpowiedź";
  m.cancel = "Anuluj";
  m.send_again = "Wyślij ponownie";
  m.revoke = "Unieważnij";
  m.state_scheduled = "zaplanowane";
  m.state_cancelled = "anulowane";
  m.state_sent = "wysłane";
  m.state_sending = "w wysyłce";
  m.state_failed = "nieudane";
  m.state_suppressed = "wstrzymane (rezygnacja)";
  m.state_reviewed = "opinia wystawiona";
  m.state_bounced = "odbite (adres nie przyjmuje poczty)";
  m.outcome_scheduled = "zaplanowano zaproszenie";
  m.outcome_duplicate = "duplikat";
  m.outcome_ignored = "pominięte";
  m.outcome_cancelled = "anulowano zaproszenie";
  m.outcome_rejected = "odrzucone";
  m.key_current = "bieżący";
  m.key_previous = "poprzedni";
  m.fetched_from_shoper = "pobrane z Shoper";
  m.app_title = "Opinus w Twoim sklepie";
  m.app_connected = "Połączono: Opinus otrzymuje zamówienia tego sklepu.";
  m.app_pending = "Łączymy się ze sklepem. Odśwież tę stronę za chwilę.";
  m.app_failed = "Nie udało się połączyć ze sklepem. Zainstaluj aplikację ponownie.";
  m.app_disconnected = "Aplikacja jest odinstalowana: Opinus nie otrzymuje zamówień tego sklepu.";
  m.app_not_connected =
      "Aplikacja jest zainstalowana, ale Opinus nie łączy się jeszcze ze sklepami przez Shoper.";
  m.app_refused =
      "Tej strony nie da się pokazać: jej adres nie ma ważnego podpisu Shoper. Otwórz aplikację "
      "ponownie z panelu sklepu.";
  m.claim_title = "Przypisz sklep do konta";
  m.claim_unknown =
      "Ten link nie działa: jest niepełny albo został zastąpiony nowszym. Otwórz aplikację Opinus "
      "w "
      "panelu Shoper, aby dostać nowy.";
  m.claim_used = "Ten link został już użyty: sklep jest przypisany do konta.";
  m.claim_expired =
      "Ten link wygasł (działa 24 godziny). Otwórz aplikację Opinus w panelu Shoper, aby dostać "
      "nowy.";
  m.claim_owned = "Ten sklep jest już przypisany do innego konta w Opinus.";
  return m;
}

PanelMessages English() {
  PanelMessages m;
  m.sign_up_title = "Sign up";
  m.log_in_title = "Log in";
  m.log_out_title = "Log out";
  m.tokens_title = "API tokens";
  m.account_title = "Account";
  m.account_deleted_title = "Your account will be deleted";
  m.shops_title = "Your shops";
  m.invitations_title = "Invitations";
  m.opinions_title = "Opinions";
  m.dashboard_title = "Summary";
  m.shop_awaiting_approval = "awaiting an operator's approval";
  m.shop_sending_off = "invitations off";
  m.shop_webhooks_silent = "no webhooks for 48 hours";
  m.shop_working = "working";
  m.not_found_title = "Not found";
  m.form_expired_title = "Form expired";
  m.too_many_title = "Too many attempts";
  m.not_done_title = "Not done";
  m.email_confirmed_title = "E-mail address confirmed";
  m.confirm_link_unknown_title = "Unknown link";
  m.email_taken = "An account with this e-mail exists: log in instead.";
  m.password_length = "The password needs 10 to 128 characters.";
  m.email_invalid = "Enter a valid e-mail address.";
  m.wrong_credentials = "Wrong e-mail or password.";
  m.wrong_password = "Wrong password.";
  m.not_saved = "Not saved: ";
  m.shop_name_invalid = "Enter the shop's name: at most 200 characters, no control characters.";
  m.shop_domain_invalid = "Enter the shop's Shoper domain, e.g. sklep123456.shoparena.pl.";
  m.request_refused = "Opinus did not accept this data. Check it and try again.";
  m.cannot_cancel =
      "This invitation can no longer be cancelled: it was sent or is no longer "
      "scheduled.";
  m.cannot_resend = "This invitation cannot be sent again in its present state.";
  m.secret_set = "A secret is set.";
  m.secret_not_set = "No secret is set.";
  m.settings_saved = "Settings saved.";
  m.key_rotated =
      "The key was changed. Paste the new URL into Shoper; until then the previous key still works "
      "for the time shown.";
  m.key_grace_ended = "The previous key no longer works.";
  m.invitation_cancelled = "Invitation cancelled.";
  m.invitation_resent = "Invitation scheduled again.";
  m.reply_saved = "Reply saved.";
  m.confirmation_sent = "We sent a new confirmation link. The previous one no longer works.";
  m.confirmation_not_sent = "The confirmation link could not be sent. Try again in a few minutes.";
  m.deletion_cancelled =
      "Your account was to be deleted. You logged in, so we cancelled the deletion: the account "
      "and shops work as before, and the invitations held meanwhile will be sent.";
  m.date_time_format = "%Y-%m-%d %H:%M";
  m.less_than_a_minute = "less than a minute";
  m.hours = " h ";
  m.all_states = "all";
  m.order = "order ";
  m.your_reply = "Your public reply";
  m.save_reply = "Save reply";
  m.cancel = "Cancel";
  m.send_again = "Send again";
  m.revoke = "Revoke";
  m.state_scheduled = "scheduled";
  m.state_cancelled = "cancelled";
  m.state_sent = "sent";
  m.state_sending = "sending";
  m.state_failed = "failed";
  m.state_suppressed = "suppressed (unsubscribed)";
  m.state_reviewed = "reviewed";
  m.state_bounced = "bounced (the address takes no mail)";
  m.outcome_scheduled = "invitation scheduled";
  m.outcome_duplicate = "duplicate";
  m.outcome_ignored = "ignored";
  m.outcome_cancelled = "invitation cancelled";
  m.outcome_rejected = "rejected";
  m.key_current = "current";
  m.key_previous = "previous";
  m.fetched_from_shoper = "fetched from Shoper";
  m.app_title = "Opinus in your shop";
  m.app_connected = "Connected: Opinus receives this shop's orders.";
  m.app_pending = "Connecting to the shop. Reload this page in a moment.";
  m.app_failed = "The shop could not be connected. Please install the app again.";
  m.app_disconnected = "The app is uninstalled: Opinus receives no orders from this shop.";
  m.app_not_connected =
      "The app is installed, but Opinus does not connect shops through Shoper yet.";
  m.app_refused =
      "This page cannot be shown: its address has no valid Shoper signature. Open the app again "
      "from the shop's admin panel.";
  m.claim_title = "Attach the shop to your account";
  m.claim_unknown =
      "This link does not work: it is incomplete or a newer one replaced it. Open the Opinus app "
      "in Shoper's admin panel to get a new one.";
  m.claim_used = "This link has been used already: the shop is attached to an account.";
  m.claim_expired =
      "This link has expired (it works for 24 hours). Open the Opinus app in Shoper's admin "
      "panel to get a new one.";
  m.claim_owned = "This shop is already attached to another Opinus account.";
  return m;
}

}  // namespace

const PanelMessages& MessagesFor(absl::string_view language) {
  // Built once, on first use; never destroyed, so safe at any exit.
  static const PanelMessages* const kPolish = new PanelMessages(Polish());
  static const PanelMessages* const kEnglish = new PanelMessages(English());
  return PageLanguage(language) == "en" ? *kEnglish : *kPolish;
}

}  // namespace opinus::gateway

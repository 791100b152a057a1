# Texts the dashboard causes in the staff group (the web UI's own texts are in *.web.ftl).
staff-dashboard-reply = 💬 { $alias } (dashboard) replied:
staff-dashboard-note = 📝 Note by { $alias } (dashboard):
staff-dashboard-closed = ✅ { $alias } closed the case from the dashboard; the work report is filed.
staff-link-done = Linked: this Telegram account is now “{ $login }” ({ $role }) of the dashboard.
staff-link-invalid = That link code is not valid (wrong, used or expired). Get a new one on your dashboard account page.
staff-link-taken = This Telegram account is already linked to another dashboard account.

# Texts the dashboard causes in the staff group (the web UI's own texts are in *.web.ftl).
staff-dashboard-reply = 💬 { $alias } (dashboard) replied:
staff-dashboard-note = 📝 Note by { $alias } (dashboard):
staff-dashboard-closed = ✅ { $alias } closed the case from the dashboard; the work report is filed.

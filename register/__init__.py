"""The plan-status register: the people who know propose a kommune's plan status with its source, editors
approve or reject, approved entries join the plan status everywhere (`register.publish.overlay`), and every
step is kept in an append-only audit log. SQLite by default, PostgreSQL by DEKNING_DB_URL."""

# Keycloak's own database and user, next to the catalogue's (which the image creates from
# MYSQL_DATABASE/MYSQL_USER). The mysql image sources this file (it is not executable on purpose,
# so docker_process_sql and docker_sql_escape_string_literal are at hand) once, when the data
# volume is first initialised; later changes of KEYCLOAK_DB_PASSWORD need an ALTER USER by hand.
docker_process_sql --database=mysql <<EOSQL
CREATE DATABASE IF NOT EXISTS keycloak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'keycloak'@'%' IDENTIFIED BY '$(docker_sql_escape_string_literal "${KEYCLOAK_DB_PASSWORD}")';
GRANT ALL PRIVILEGES ON keycloak.* TO 'keycloak'@'%';
EOSQL

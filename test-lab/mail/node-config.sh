# The configuration of one mail node (sourced by up, not run): write_node_config NODE writes Postfix, Dovecot,
# ClamAV, php-fpm, nginx and Roundcube files under $S/NODE, the same for mail01 and mail02 but for their own
# paths. Uses up's names: S, PREFIX, DH, DES_KEY and those of lib.sh.
# shellcheck shell=bash
write_node_config() {
  local node=$1 N=$S/$1 vm=/srv/${PREFIX}$1/vmail
  mkdir -p "$N"/{postfix/etc,postfix/spool,postfix/lib,dovecot/run,dovecot/lib,clamav/tmp,nginx/tmp,php,roundcube/config,roundcube/temp,roundcube/logs}

  # ClamAV: clamd offline with the lab's database, clamav-milter in front of it.
  cat >"$N/clamav/clamd.conf" <<EOF
LocalSocket $N/clamav/clamd.sock
LocalSocketMode 666
FixStaleSocket yes
DatabaseDirectory $S/clamav-db
PidFile $N/clamav/clamd.pid
TemporaryDirectory $N/clamav/tmp
LogFile $S/log/$node-clamd.log
LogTime yes
LogVerbose no
Foreground yes
ScanMail yes
Bytecode no
SelfCheck 0
EOF
  cat >"$N/clamav/clamav-milter.conf" <<EOF
MilterSocket unix:$N/clamav/milter.sock
MilterSocketMode 666
FixStaleSocket yes
ClamdSocket unix:$N/clamav/clamd.sock
Foreground yes
PidFile $N/clamav/milter.pid
TemporaryDirectory $N/clamav/tmp
OnInfected Reject
RejectMsg Rejected: message contains %v
OnFail Defer
AddHeader Replace
LogFile $S/log/$node-clamav-milter.log
LogTime yes
LogInfected Full
LogClean Basic
EOF

  # Dovecot: passwd-file users, Maildir on the shared store, TLS required for authentication.
  cat >"$N/dovecot/dovecot.conf" <<EOF
base_dir = $N/dovecot/run
state_dir = $N/dovecot/lib
instance_name = ${PREFIX}$node
hostname = $VIP_NAME
protocols = imap pop3 lmtp
listen = *, ::
log_path = $S/log/$node-dovecot.log
ssl = required
ssl_cert = <$S/tls/cert.pem
ssl_key = <$S/tls/key.pem
$DH
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_default_realm = $DOMAIN
first_valid_uid = $VMAIL_UID
last_valid_uid = $VMAIL_UID
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $S/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $S/users
  default_fields = uid=$VMAIL_UID gid=$VMAIL_GID home=$vm/%d/%n
}
mail_location = maildir:~/Maildir
# The store behaves like NFS: no mmap, fsync always, NFS-safe caches.
mmap_disable = yes
mail_fsync = always
mail_nfs_storage = yes
mail_nfs_index = yes
namespace inbox {
  inbox = yes
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
protocol lmtp {
  postmaster_address = postmaster@$DOMAIN
}
EOF

  # Postfix: virtual domain delivered to Dovecot over LMTP; SPF on 25, AUTH only over TLS on 587, ClamAV.
  chown postfix: "$N/postfix/lib"
  local pe=$N/postfix/etc
  cp /etc/postfix/master.cf "$pe/master.cf"
  cat >"$pe/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $N/postfix/spool
data_directory = $N/postfix/lib
maillog_file = $S/log/$node-postfix.log
maillog_file_prefixes = $S
myhostname = $VIP_NAME
mydomain = $DOMAIN
myorigin = \$mydomain
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = all
inet_protocols = all
mynetworks = 127.0.0.0/8 [::1]/128
biff = no
append_dot_mydomain = no
readme_directory = no
default_transport = error:the lab sends nothing outside
relay_transport = error:the lab sends nothing outside
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$S/vmailbox
virtual_alias_maps = texthash:$S/virtual
virtual_transport = lmtp:unix:$N/dovecot/run/lmtp
smtpd_banner = \$myhostname ESMTP
smtpd_helo_required = yes
disable_vrfy_command = yes
smtpd_tls_cert_file = $S/tls/cert.pem
smtpd_tls_key_file = $S/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $N/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, check_policy_service unix:private/policyd-spf
policyd-spf_time_limit = 3600
smtpd_milters = unix:$N/clamav/milter.sock
non_smtpd_milters =
milter_default_action = tempfail
milter_protocol = 6
EOF
  postconf -c "$pe" -F '*/*/chroot = n'
  postconf -c "$pe" -M "submission/inet=submission inet n - n - - smtpd"
  postconf -c "$pe" -P "submission/inet/syslog_name=postfix/submission" \
    "submission/inet/smtpd_tls_security_level=encrypt" \
    "submission/inet/smtpd_sasl_auth_enable=yes" \
    "submission/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject" \
    "submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject" \
    "submission/inet/smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
  postconf -c "$pe" -M "policyd-spf/unix=policyd-spf unix - n n - 0 spawn user=nobody argv=/usr/bin/policyd-spf $S/policyd-spf.conf"

  # php-fpm + nginx serving Roundcube (Debian's roundcube-core), each node with its own SQLite database.
  cat >"$N/php/php-fpm.conf" <<EOF
[global]
pid = $N/php/php-fpm.pid
error_log = $S/log/$node-php-fpm.log
daemonize = no
[roundcube]
user = www-data
group = www-data
listen = $N/php/fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 2
env[ROUNDCUBE_CONFIG_DIR] = $N/roundcube/config
php_admin_value[error_log] = $S/log/$node-php-errors.log
php_admin_flag[log_errors] = on
EOF
  cat >"$N/roundcube/config/config.inc.php" <<EOF
<?php
\$config = [];
\$config['db_dsnw'] = 'sqlite:///$N/roundcube/roundcube.db?mode=0640';
\$config['imap_host'] = 'tls://localhost:143';
\$config['imap_conn_options'] = ['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]];
\$config['smtp_host'] = 'tls://localhost:587';
\$config['smtp_conn_options'] = ['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]];
\$config['smtp_user'] = '%u';
\$config['smtp_pass'] = '%p';
\$config['username_domain'] = '$DOMAIN';
\$config['des_key'] = '$DES_KEY';
\$config['temp_dir'] = '$N/roundcube/temp/';
\$config['log_dir'] = '$N/roundcube/logs/';
\$config['product_name'] = 'vrrpd lab webmail';
\$config['skin'] = 'elastic';
\$config['plugins'] = [];
\$config['enable_installer'] = false;
\$config['enable_spellcheck'] = false;
EOF
  ln -s /etc/roundcube/defaults.inc.php "$N/roundcube/config/defaults.inc.php"
  ln -s /etc/roundcube/mimetypes.php "$N/roundcube/config/mimetypes.php"
  php -r '$db = new PDO("sqlite:" . $argv[1]); $db->exec(file_get_contents($argv[2]));' \
    "$N/roundcube/roundcube.db" /usr/share/roundcube/SQL/sqlite.initial.sql
  chown -R www-data:www-data "$N/roundcube"
  cat >"$N/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
user www-data;
pid $N/nginx/nginx.pid;
error_log $S/log/$node-nginx-error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $S/log/$node-nginx-access.log;
  client_body_temp_path $N/nginx/tmp/body;
  fastcgi_temp_path $N/nginx/tmp/fastcgi;
  proxy_temp_path $N/nginx/tmp/proxy;
  uwsgi_temp_path $N/nginx/tmp/uwsgi;
  scgi_temp_path $N/nginx/tmp/scgi;
  server {
    listen 80;
    listen [::]:80;
    listen 443 ssl;
    listen [::]:443 ssl;
    server_name _;
    ssl_certificate $S/tls/cert.pem;
    ssl_certificate_key $S/tls/key.pem;
    root /var/lib/roundcube;
    index index.php;
    location = /healthz { default_type text/plain; return 200 "ok \$server_addr\n"; }
    location ~ ^/(config|temp|logs|SQL|bin|installer)(/|\$) { deny all; }
    location ~ \.php\$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_pass unix:$N/php/fpm.sock;
    }
  }
}
EOF
}

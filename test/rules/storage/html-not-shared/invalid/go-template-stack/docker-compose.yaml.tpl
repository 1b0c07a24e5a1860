{{/* Stack file rendered by gomplate before docker stack deploy */}}
version: "3.8"
services:
  nextcloud:
    image: nextcloud:{{ .Env.NEXTCLOUD_VERSION }}-fpm
    environment:
      POSTGRES_HOST: db
      POSTGRES_DB: {{ .Values.db.name | quote }}
      POSTGRES_USER: "{{ .Values.db.user }}"
      REDIS_HOST: redis
      {{- range $key, $value := .Values.extraEnv }}
      {{ $key }}: {{ $value | quote }}
      {{- end }}
    volumes:
      - nextcloud_html:/var/www/html
      - {{ .Values.dataPath }}:/var/www/html/data
    deploy:
      replicas: 3
      {{- with .Values.placement }}
      placement:
        constraints: [{{ range . }}"{{ . }}",{{ end }}]
      {{- end }}
      labels:
        traefik.http.routers.nc.rule: "Host(`{{ .Values.domain }}`)"
  db:
    image: postgres:16
  redis:
    image: redis:7-alpine
    command: ["redis-server", "--requirepass", "{{ .Values.redisPassword }}"]
volumes:
  nextcloud_html: {}

services:
  nextcloud:
    image: nextcloud:{{ $.Values.version }}
    environment:
      {{- range $key, $value := .Values.env }}
      {{ $key }}: {{ $value | quote }}
      {{- end }}
      OVERWRITEHOST: "{{ $.Values.domain }}"
      NEXTCLOUD_ADMIN_USER: ${NEXTCLOUD_ADMIN_USER:-admin}

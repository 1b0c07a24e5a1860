{{- /* values for the nextcloud chart, rendered by helmfile */ -}}
image:
  tag: {{ .Values.nextcloudVersion | quote }}
replicaCount: {{ .Values.replicas }}
nextcloud:
  host: {{ .Values.domain }}
  {{- if .Values.smtp.enabled }}
  mail:
    enabled: true
    fromAddress: {{ .Values.smtp.from }}
  {{- else }}
  mail:
    enabled: false
  {{- end }}
  extraEnv:
  {{- range $name, $value := .Values.extraEnv }}
    - name: {{ $name }}
      value: {{ $value | quote }}
  {{- end }}
  {{- with .Values.configs }}
  configs:
    {{- toYaml . | nindent 4 }}
  {{- end }}
externalDatabase:
  enabled: true
  type: postgresql
  host: "{{ .Values.db.host }}:5432"
  password: {{ .Values.db.password | quote }}
persistence:
  enabled: true
  accessMode: ReadWriteMany
  storageClass: {{ .Values.storageClass }}
redis:
  enabled: true
  auth:
    password: {{ requiredEnv "REDIS_PASSWORD" | quote }}

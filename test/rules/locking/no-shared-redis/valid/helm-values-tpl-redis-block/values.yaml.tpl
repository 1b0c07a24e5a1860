{{- /* helmfile: environments decide the Redis in front of the pods */ -}}
replicaCount: 3
nextcloud:
  host: {{ .Environment.Values.domain }}
internalDatabase:
  enabled: false
externalDatabase:
  enabled: true
  type: postgresql
  host: {{ .Environment.Values.db.host }}
  existingSecret:
    enabled: true
    secretName: nextcloud-db
persistence:
  enabled: true
  accessMode: ReadWriteMany
redis:
  {{- toYaml .Environment.Values.redis | nindent 2 }}

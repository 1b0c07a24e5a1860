replicaCount: {{ .Values.replicas | default 3 }}
hpa:
  enabled: true
  maxPods: 6
internalDatabase:
  enabled: false
externalDatabase:
  enabled: true
  type: mysql
  host: mariadb
redis:
  enabled: true
persistence:
  accessMode: ReadWriteMany
  storageClass: {{ .Values.storageClass | quote }}
  {{- with .Values.persistence }}
  {{- toYaml . | nindent 2 }}
  {{- end }}

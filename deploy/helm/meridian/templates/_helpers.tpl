{{- define "meridian.component" -}}
{{- if eq .Values.mode "global" -}}global-cp{{- else -}}zone-cp{{- end -}}
{{- end -}}

{{- define "meridian.fullname" -}}
{{- if eq .Values.mode "global" -}}
{{- printf "%s-global" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (required "zone is required when mode is zone" .Values.zone) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "meridian.labels" -}}
app.kubernetes.io/name: meridian
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ include "meridian.component" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- if ne .Values.mode "global" }}
meridian.dev/zone: {{ .Values.zone }}
{{- end }}
{{- end -}}

{{- define "meridian.selectorLabels" -}}
app.kubernetes.io/name: meridian
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ include "meridian.component" . }}
{{- end -}}

{{- define "meridian.image" -}}
{{- $repo := ternary .Values.image.globalRepository .Values.image.zoneRepository (eq .Values.mode "global") -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* HTTPS unless TLS is explicitly off: for probes and scrapes of the API. */}}
{{- define "meridian.apiScheme" -}}
{{- if .Values.tls.enabled }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{/* The Service's DNS names, for a generated certificate (comma-separated). */}}
{{- define "meridian.serviceNames" -}}
{{- $name := include "meridian.fullname" . -}}
{{- $ns := .Release.Namespace -}}
{{ $name }},{{ $name }}.{{ $ns }},{{ $name }}.{{ $ns }}.svc,{{ $name }}.{{ $ns }}.svc.cluster.local
{{- end }}

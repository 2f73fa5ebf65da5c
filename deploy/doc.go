// Package deploy holds what runs Perspectief outside a developer's machine:
// the container image recipe (Containerfile) and the Helm chart
// (helm/perspectief). Its test lints and renders the chart with helm.
package deploy

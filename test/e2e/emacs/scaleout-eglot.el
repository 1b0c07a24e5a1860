;;; scaleout-eglot.el --- Scale-out Lint in Emacs through eglot  -*- lexical-binding: t -*-
;; The configuration the README shows (Emacs 28 + eglot 1.9 and later; eglot is built in from 29).
;; Every YAML file goes to the server (it answers only for Compose files and Helm values), and .env
;; files get a small major mode so that eglot can send them too.
;;
;;   (load "/path/to/scaleout-eglot.el")     then M-x eglot in a compose.yaml, values.yaml or .env
;;   (add-hook 'yaml-mode-hook #'eglot-ensure) (add-hook 'dotenv-mode-hook #'eglot-ensure)  ; automatic
;;
;; Note that eglot runs one server per major mode: this replaces yaml-language-server for YAML.
(require 'eglot)

(defvar scaleout-eglot-command '("scaleout-lint-server" "--stdio")
  "How to start the Scale-out Lint language server (the npm package's bin, or node dist/server.js).")

(unless (fboundp 'yaml-mode)              ; no yaml-mode in Emacs 28 without the package
  (define-derived-mode yaml-mode prog-mode "YAML"
    (setq-local comment-start "# "))
  (add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode)))

(unless (fboundp 'dotenv-mode)
  (define-derived-mode dotenv-mode prog-mode "Dotenv"
    (setq-local comment-start "# "))
  (add-to-list 'auto-mode-alist '("\\(?:\\`\\|/\\)\\.env\\(?:\\.[^/]*\\)?\\'" . dotenv-mode))
  (add-to-list 'auto-mode-alist '("\\.env\\'" . dotenv-mode)))

(add-to-list 'eglot-server-programs
             `((yaml-mode yaml-ts-mode dotenv-mode) . ,(lambda (&rest _) scaleout-eglot-command)))

(provide 'scaleout-eglot)
;;; scaleout-eglot.el ends here

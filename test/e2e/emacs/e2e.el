;;; e2e.el --- headless Emacs + eglot driver for test/e2e/emacs.test.ts  -*- lexical-binding: t -*-
;; emacs --batch -Q -l e2e.el   with SCALEOUT_SERVER, SCALEOUT_FILE, SCALEOUT_E2E_OUT, optional
;; SCALEOUT_RULE (the diagnostic that gets the hover and code action), SCALEOUT_SAVE=1 (save after the
;; edit and wait for the diagnostic to go: cleared, after = codes left) and SCALEOUT_TIMEOUT_S.
;; Loads scaleout-eglot.el (the README's configuration) and writes what the editor got as JSON:
;;   {mode, diagnostics: [raw LSP diagnostics], hover, actions: [titles], applied, text, errors}
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa") ; -Q skips Debian's site-start
(package-initialize)
(require 'json)
(load (expand-file-name "scaleout-eglot.el" (file-name-directory load-file-name)))
(require 'flymake)

(setq scaleout-eglot-command (list "node" (getenv "SCALEOUT_SERVER") "--stdio"))
(setq eglot-sync-connect 10 eglot-connect-timeout 20 eglot-autoshutdown t)

(defvar scaleout-e2e-published nil
  "The diagnostics last published for SCALEOUT_FILE, as the server sent them (other files' are ignored).")
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (and (eq method 'textDocument/publishDiagnostics)
                         (equal (file-truename (eglot--uri-to-path (plist-get params :uri)))
                                (file-truename (getenv "SCALEOUT_FILE"))))
                (setq scaleout-e2e-published (plist-get params :diagnostics)))))

(defvar scaleout-e2e-result (list :errors []))
(defun scaleout-e2e-put (key value) (setq scaleout-e2e-result (plist-put scaleout-e2e-result key value)))
(defun scaleout-e2e-error (message)
  (scaleout-e2e-put :errors (vconcat (plist-get scaleout-e2e-result :errors) (vector message))))

(defun scaleout-e2e-finish ()
  (with-temp-file (getenv "SCALEOUT_E2E_OUT")
    (let ((json-encoding-pretty-print nil)) (insert (json-encode scaleout-e2e-result))))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if (= 0 (length (plist-get scaleout-e2e-result :errors))) 0 1)))

(defun scaleout-e2e-hover-text (contents)
  (cond ((stringp contents) contents)
        ((plist-get contents :value))
        ((vectorp contents) (mapconcat #'scaleout-e2e-hover-text contents "\n"))
        (t (format "%S" contents))))

(condition-case e2e-failure
    (let* ((file (getenv "SCALEOUT_FILE"))
           (rule (getenv "SCALEOUT_RULE"))
           (deadline (+ (float-time) (string-to-number (or (getenv "SCALEOUT_TIMEOUT_S") "20")))))
      (find-file file)
      (scaleout-e2e-put :mode (symbol-name major-mode))
      (apply #'eglot (eglot--guess-contact))
      (while (and (= 0 (length scaleout-e2e-published)) (< (float-time) deadline))
        (accept-process-output nil 0.05))
      (accept-process-output nil 0.3)      ; a second publish (related files) may follow
      (when (= 0 (length scaleout-e2e-published)) (error "no diagnostics in time"))
      (scaleout-e2e-put :diagnostics scaleout-e2e-published)
      (let* ((server (eglot-current-server))
             (target (or (seq-find (lambda (d) (or (null rule) (equal (format "%s" (plist-get d :code)) rule)))
                                   scaleout-e2e-published)
                         (error "no diagnostic for %s" rule)))
             (range (plist-get target :range))
             (doc (eglot--TextDocumentIdentifier)))
        (if (eglot--server-capable :hoverProvider)
            (let ((hover (jsonrpc-request server :textDocument/hover
                                          (list :textDocument doc :position (plist-get range :start)))))
              (scaleout-e2e-put :hover (and hover (scaleout-e2e-hover-text (plist-get hover :contents)))))
          (scaleout-e2e-error "textDocument/hover is not supported by the server"))
        (if (eglot--server-capable :codeActionProvider)
            (let* ((actions (jsonrpc-request server :textDocument/codeAction
                                             (list :textDocument doc :range range
                                                   :context (list :diagnostics (vector target)))))
                   (chosen (seq-find (lambda (a) (plist-get a :edit)) actions)))
              (scaleout-e2e-put :actions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions)))
              (when chosen
                (eglot--apply-workspace-edit (plist-get chosen :edit))
                (scaleout-e2e-put :applied (plist-get chosen :title))
                (scaleout-e2e-put :text (buffer-substring-no-properties (point-min) (point-max)))
                (when (equal (getenv "SCALEOUT_SAVE") "1")
                  ;; write the file and wait for the server to drop the fixed diagnostic
                  (setq scaleout-e2e-published nil)
                  (save-buffer)
                  (let ((still (lambda () (seq-find (lambda (d) (and (equal (plist-get d :code) (plist-get target :code))
                                                                      (equal (plist-get (plist-get (plist-get d :range) :start) :line)
                                                                             (plist-get (plist-get range :start) :line))))
                                                    scaleout-e2e-published))))
                    (while (and (or (null scaleout-e2e-published) (funcall still)) (< (float-time) deadline))
                      (accept-process-output nil 0.05))
                    (scaleout-e2e-put :cleared (if (and scaleout-e2e-published (not (funcall still))) t :json-false))
                    (scaleout-e2e-put :after (vconcat (mapcar (lambda (d) (plist-get d :code)) scaleout-e2e-published)))))))
          (scaleout-e2e-error "textDocument/codeAction is not supported by the server")))
      (scaleout-e2e-finish))
  (error (scaleout-e2e-error (format "%S" e2e-failure)) (scaleout-e2e-finish)))
;;; e2e.el ends here

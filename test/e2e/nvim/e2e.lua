-- Headless Neovim driver for test/e2e/neovim.test.ts. Uses scaleout.lua (the README's config) and
-- writes what the editor got as JSON to $SCALEOUT_E2E_OUT:
--   { filetype, diagnostics = [{ line, col, end_line, end_col, severity, code, source, message }],
--     hover, actions = [titles], applied = title, text = buffer after the edit }
-- Env: SCALEOUT_SERVER (dist/server.js), SCALEOUT_FILE, SCALEOUT_E2E_OUT, SCALEOUT_RULE (the rule
-- whose diagnostic gets the hover and code action; default: the first), SCALEOUT_SAVE=1 (write the
-- file after the edit and wait for the diagnostic to go: cleared, after = codes left), SCALEOUT_TIMEOUT_MS.
vim.opt.runtimepath:prepend(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h'))
package.path = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/?.lua;' .. package.path

local server = assert(vim.env.SCALEOUT_SERVER, 'SCALEOUT_SERVER not set')
local file = assert(vim.env.SCALEOUT_FILE, 'SCALEOUT_FILE not set')
local out = assert(vim.env.SCALEOUT_E2E_OUT, 'SCALEOUT_E2E_OUT not set')
local wanted_rule = vim.env.SCALEOUT_RULE
local timeout_ms = tonumber(vim.env.SCALEOUT_TIMEOUT_MS or '20000')

require('scaleout').setup({ cmd = { 'node', server, '--stdio' } })

local result = { errors = {} }
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd(#result.errors == 0 and 'qall!' or 'cquit!')
end

local function text_of(contents)
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, type(c) == 'string' and c or c.value) end
  return table.concat(parts, '\n')
end

vim.api.nvim_create_autocmd('VimEnter', {
  nested = true, -- so that :edit fires the BufReadPost autocmd of scaleout.lua
  callback = function()
    local ok, err = pcall(function()
      vim.cmd('edit ' .. vim.fn.fnameescape(file))
      local buf = vim.api.nvim_get_current_buf()
      result.filetype = vim.bo[buf].filetype
      local arrived = vim.wait(timeout_ms, function() return #vim.diagnostic.get(buf) > 0 end, 50)
      if not arrived then error('no diagnostics within ' .. timeout_ms .. ' ms') end
      vim.wait(300) -- a second publish (related files) may follow the first
      result.diagnostics = {}
      local target
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = d.user_data and d.user_data.lsp or {}
        local entry = { line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col, severity = d.severity,
          code = lsp.code or d.code, source = d.source, message = d.message }
        table.insert(result.diagnostics, entry)
        if not target and (not wanted_rule or entry.code == wanted_rule) then target = { d = d, lsp = lsp } end
      end
      if not target then error('no diagnostic for ' .. tostring(wanted_rule)) end

      -- buf_request_sync waits its whole timeout when no attached client has the method
      local function supported(method)
        for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
          if client.supports_method(method) then return true end
        end
        table.insert(result.errors, method .. ' is not supported by the server')
        return false
      end
      local uri = vim.uri_from_bufnr(buf)
      local position = { line = target.d.lnum, character = target.d.col }
      local hovers = supported('textDocument/hover') and vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = position }, 5000) or {}
      for _, r in pairs(hovers) do
        if r.result and r.result.contents then result.hover = text_of(r.result.contents) end
      end

      -- the diagnostic as the server sent it, for the code action context (like vim.lsp.buf.code_action)
      local d = target.d
      local range = { start = position, ['end'] = { line = d.end_lnum, character = d.end_col } }
      local lsp_diagnostic = vim.tbl_extend('keep', { range = range, severity = d.severity, message = d.message,
        source = d.source, code = d.code }, target.lsp)
      local params = { textDocument = { uri = uri }, range = range, context = { diagnostics = { lsp_diagnostic } } }
      local responses = supported('textDocument/codeAction')
        and vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000) or {}
      result.actions = {}
      local chosen
      for client_id, r in pairs(responses) do
        for _, action in ipairs(r.result or {}) do
          table.insert(result.actions, action.title)
          if not chosen and action.edit then chosen = { action = action, client = vim.lsp.get_client_by_id(client_id) } end
        end
      end
      if chosen then
        vim.lsp.util.apply_workspace_edit(chosen.action.edit, chosen.client.offset_encoding or 'utf-16')
        result.applied = chosen.action.title
        result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
        if vim.env.SCALEOUT_SAVE == '1' then
          vim.cmd('silent write')
          -- the server re-lints on save/change: wait for the fixed diagnostic to go
          local cleared = vim.wait(timeout_ms, function()
            for _, dd in ipairs(vim.diagnostic.get(buf)) do
              if dd.code == (target.d.code) and dd.lnum == target.d.lnum then return false end
            end
            return true
          end, 50)
          result.cleared = cleared
          result.after = {}
          for _, dd in ipairs(vim.diagnostic.get(buf)) do table.insert(result.after, dd.code) end
        end
      end
    end)
    if not ok then table.insert(result.errors, tostring(err)) end
    finish()
  end,
})

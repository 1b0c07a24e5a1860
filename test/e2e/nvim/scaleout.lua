-- Scale-out Lint for Neovim 0.7+ without plugins (the form the README shows for old releases).
-- On 0.11+ the README's vim.lsp.config/vim.lsp.enable form does the same.
--
--   require('scaleout').setup()                         -- uses `scaleout-lint-server --stdio` on PATH
--   require('scaleout').setup({ cmd = { 'node', '/path/to/dist/server.js', '--stdio' } })
--
-- Every YAML file is sent (the server answers only for Compose files and Helm values) and every
-- .env file (Neovim 0.7 gives those the `sh` filetype).
local M = {}

local clients = {} -- root directory -> client id: one server per project

local function root_dir(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local config = vim.fn.findfile('.scaleout.yaml', dir .. ';')
  if config ~= '' then return vim.fn.fnamemodify(config, ':p:h') end
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then return vim.fn.fnamemodify(git, ':p:h:h') end
  return dir
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'scaleout-lint-server', '--stdio' }
  local group = vim.api.nvim_create_augroup('scaleout-lint', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = { '*.yml', '*.yaml', '*.env', '.env', '.env.*' },
    callback = function(args)
      local file = vim.api.nvim_buf_get_name(args.buf)
      local root = root_dir(file)
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({
          name = 'scaleout-lint',
          cmd = cmd,
          root_dir = root,
          workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
          settings = { scaleout = opts.settings or {} },
          on_attach = opts.on_attach,
        })
        clients[root] = id
      end
      if id then vim.lsp.buf_attach_client(args.buf, id) end
    end,
  })
end

return M

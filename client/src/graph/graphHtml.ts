/**
 * The graph webview's page: a strict Content-Security-Policy (no network, scripts only with this
 * page's nonce, styles only from the extension), the stylesheet and the bundled script. All
 * colours come from the theme's `--vscode-*` variables in media/graph/graph.css.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function graphHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'graph.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'graph', 'graph.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Revision Graph</title>
</head>
<body>
<div id="summary" role="status" aria-live="polite"></div>
<div id="viewport" tabindex="0" role="listbox" aria-label="Revision graph"><div id="canvas"></div></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

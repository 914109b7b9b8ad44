import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { markdownLinks } from './markdown-blocks';

/** Where the repository's files are on GitHub, from package.json's `repository.url`. */
export function repositoryUrls(root: string): { blob: RegExp; raw: RegExp; blobBase: string } {
  const url: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf-8')).repository.url;
  const slug = /github\.com\/([^/]+\/[^/.]+)/.exec(url)?.[1];
  if (!slug) throw new Error(`package.json repository.url is not a GitHub repository: ${url}`);
  const s = slug.replace(/[.]/g, '\\.');
  return {
    blob: new RegExp(`^https://github\\.com/${s}/(?:blob|tree)/main/([^#?]+)`),
    raw: new RegExp(`^https://raw\\.githubusercontent\\.com/${s}/main/([^#?]+)`),
    blobBase: `https://github.com/${slug}/blob/main/`,
  };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) anchors.add(m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}

/**
 * The links and pictures of a README that do not resolve, as `line: problem`.
 *
 * `published`: README.md, which npm, PyPI and Construct Hub show as the package's page. PyPI and
 * Construct Hub have none of the repository's files beside it, so every link is absolute, and
 * one into this repository must name a file of it (pictures as raw.githubusercontent.com URLs,
 * which render as images everywhere; a github.com page does not).
 * Otherwise the README is read in the repository, and relative links resolve from its folder.
 */
export function linkProblems(root: string, markdown: string, where: 'published' | string): string[] {
  const urls = repositoryUrls(root);
  const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf-8' }).split('\n'));
  const trackedDirs = new Set([...tracked].flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const inRepository = (p: string) => tracked.has(p.replace(/\/$/, '')) || trackedDirs.has(p.replace(/\/$/, ''));
  const anchors = headingAnchors(markdown);
  const problems: string[] = [];
  for (const { target, line, image } of markdownLinks(markdown)) {
    if (target.startsWith('#')) {
      if (!anchors.has(target.slice(1))) problems.push(`${line}: the link ${target} names no heading of this file`);
      continue;
    }
    const repoPath = urls.blob.exec(target)?.[1] ?? urls.raw.exec(target)?.[1];
    if (repoPath !== undefined) {
      if (!inRepository(decodeURIComponent(repoPath))) problems.push(`${line}: ${target} names ${repoPath}, which is not in the repository`);
      if (image && urls.blob.test(target)) problems.push(`${line}: the picture ${target} is a GitHub page; use its raw.githubusercontent.com URL`);
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // another site: not checked offline
    const file = target.replace(/[#?].*$/, '');
    if (where === 'published') {
      problems.push(`${line}: ${target} is a relative link, which breaks on PyPI and Construct Hub: link to ${urls.blobBase}${file}`);
    } else if (!existsSync(path.join(root, where, file))) {
      problems.push(`${line}: ${target} does not exist (relative to ${where}/)`);
    }
  }
  return problems;
}

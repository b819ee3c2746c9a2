/**
 * The script-tag entry (`<script src=".../threadline.js" async>`): registers the elements and
 * touches nothing else on the page.
 */
// First, before Lit runs: a page's element named like one of Lit's globals must not stop the widget.
import './page-globals';
import './define';

/**
 * The script-tag entry (`<script src=".../threadline.js" async>`): registers the elements and
 * touches nothing else on the page.
 */
import './define';

<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page shell every HTML page of the site shares: head (styles, early view script), site header,
  footer, and the edition-level parameters. Entry stylesheets (article.xsl, index.xsl) call h:page.
  Every page's header has the search box (h:search-form, a GET form to search.html) and the interface
  language switch. Hooks: override the named templates h:site-nav-extra and h:head-extra in a
  stylesheet that imports an entry stylesheet.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tc="urn:teiedit:common"
    xmlns:h="urn:teiedit:html"
    exclude-result-prefixes="#all">

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- edition-level facts (teiedit.config.EditionConfig), set by teiedit.render_html -->
  <xsl:param name="edition-title" as="xs:string" select="'A bilingual digital edition'"/>
  <xsl:param name="edition-title-zh" as="xs:string" select="''"/>
  <xsl:param name="publisher" as="xs:string" select="''"/>
  <xsl:param name="edition-date" as="xs:string" select="''"/>
  <xsl:param name="editors" as="xs:string" select="''"/>
  <xsl:param name="licence" as="xs:string" select="''"/>
  <xsl:param name="licence-url" as="xs:string" select="''"/>
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <xsl:param name="newspaper-zh" as="xs:string" select="'人民日报'"/>
  <xsl:param name="newspaper-en" as="xs:string" select="&quot;People's Daily&quot;"/>
  <xsl:param name="teiedit-version" as="xs:string" select="''"/>
  <!-- a search page of the site, when there is one (shown in the site header) -->
  <xsl:param name="search-href" as="xs:string" select="''"/>
  <!-- edition config uncertain_below: the certainty under which a link is marked (and reported) -->
  <xsl:param name="uncertain-below" as="xs:string" select="'0.5'"/>

  <!-- the base URL with exactly one trailing slash, or '' -->
  <xsl:variable name="h:base" as="xs:string"
      select="if (tc:safe-url($base-url) = '' or not(matches($base-url, '^https?:', 'i'))) then ''
              else replace($base-url, '/+$', '') || '/'"/>

  <!-- interface text in both languages; CSS shows the one chosen with the interface switch
       (html/@data-ui, remembered by view-init.js); English without JavaScript -->
  <xsl:function name="h:ui" as="element()+">
    <xsl:param name="en" as="xs:string"/>
    <xsl:param name="zh" as="xs:string"/>
    <span class="ui-en" lang="en"><xsl:value-of select="$en"/></span>
    <span class="ui-zh" lang="zh-Hans"><xsl:value-of select="$zh"/></span>
  </xsl:function>

  <xsl:template name="h:head-extra"/>
  <xsl:template name="h:site-nav-extra">
    <xsl:param name="root" as="xs:string"/>
    <xsl:if test="tc:safe-url($search-href) != ''">
      <a class="nav-search" href="{$root}{$search-href}"><xsl:sequence select="h:ui('Search', '检索')"/></a>
    </xsl:if>
  </xsl:template>

  <xsl:template name="h:page">
    <xsl:param name="root" as="xs:string"/>          <!-- '' or '../': from this page to the site root -->
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="page-class" as="xs:string"/>
    <xsl:param name="head" as="item()*" select="()"/>
    <xsl:param name="content" as="item()*"/>
    <!-- the search page has its own form: no second search landmark in its header -->
    <xsl:param name="header-search" as="xs:boolean" select="true()"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>  <!-- more scripts (under assets/), deferred -->
    <!-- html/@lang is the interface language (view-init.js sets zh-Hans when 中文 is chosen); every text
         of the edition carries its own lang, so header, main and footer say lang="en" for theirs -->
    <html lang="en" data-view="parallel" data-ui="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="{$root}assets/edition.css"/>
        <link rel="icon" type="image/svg+xml" href="{$root}assets/favicon.svg"/>
        <script src="{$root}assets/view-init.js"></script>
        <meta name="generator" content="teiedit {$teiedit-version}"/>
        <xsl:sequence select="$head"/>
        <xsl:call-template name="h:head-extra"/>
      </head>
      <body class="{$page-class}">
        <a class="skip" href="#ed-main"><xsl:sequence select="h:ui('Skip to content', '跳到正文')"/></a>
        <header class="site" lang="en">
          <a class="site-title" href="{$root}index.html">
            <span lang="en"><xsl:value-of select="$edition-title"/></span>
            <xsl:if test="$edition-title-zh != ''">
              <span class="site-title-zh" lang="zh-Hans"><xsl:value-of select="$edition-title-zh"/></span>
            </xsl:if>
          </a>
          <nav class="site-nav" aria-label="Site · 网站">
            <a href="{$root}index.html"><xsl:sequence select="h:ui('Home', '首页')"/></a>
            <a href="{$root}dates/index.html"><xsl:sequence select="h:ui('Browse by date', '按日期浏览')"/></a>
            <xsl:call-template name="h:site-nav-extra">
              <xsl:with-param name="root" select="$root"/>
            </xsl:call-template>
            <!-- its name is its visible text: the language it switches to -->
            <button type="button" class="ui-switch" id="ed-ui-switch" hidden="hidden">
              <span class="ui-en" lang="zh-Hans">中文界面</span>
              <span class="ui-zh" lang="en">English interface</span>
            </button>
          </nav>
          <xsl:if test="$header-search">
            <xsl:call-template name="h:search-form">
              <xsl:with-param name="root" select="$root"/>
            </xsl:call-template>
          </xsl:if>
        </header>
        <main id="ed-main" lang="en">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site" lang="en">
          <p>
            <xsl:value-of select="$edition-title"/>
            <xsl:if test="$publisher != ''">. <xsl:value-of select="$publisher"/></xsl:if>
            <xsl:if test="$edition-date != ''">, <xsl:value-of select="$edition-date"/></xsl:if>
            <xsl:text>.</xsl:text>
            <xsl:if test="$editors != ''"><xsl:text> </xsl:text><xsl:sequence select="h:ui('Edited by', '编者：')"/><xsl:text> </xsl:text><xsl:value-of select="$editors"/>.</xsl:if>
          </p>
          <xsl:if test="$licence != ''">
            <p>
              <xsl:sequence select="h:ui('Licence: ', '许可协议：')"/>
              <xsl:call-template name="h:maybe-link">
                <xsl:with-param name="href" select="$licence-url"/>
                <xsl:with-param name="text" select="$licence"/>
                <xsl:with-param name="rel" select="'license'"/>
              </xsl:call-template>
              <xsl:text>.</xsl:text>
            </p>
          </xsl:if>
          <p class="made-with"><xsl:sequence select="h:ui('Made with teiedit ' || $teiedit-version || ' from TEI P5 sources.', '由 teiedit ' || $teiedit-version || ' 据 TEI P5 源文件生成。')"/></p>
        </footer>
        <script src="{$root}assets/edition.js" defer="defer"></script>
        <xsl:for-each select="$scripts">
          <script src="{$root}assets/{.}" defer="defer"></script>
        </xsl:for-each>
      </body>
    </html>
  </xsl:template>

  <!-- the site-wide search box: a GET form to search.html (the query goes in ?q=…, which the search
       page reads); relative to the page, so it works from articles/ and dates/… alike -->
  <xsl:template name="h:search-form">
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="id" as="xs:string" select="'site-q'"/>
    <xsl:param name="label" as="element()+" select="h:ui('Search the edition', '检索全文')"/>
    <form class="site-search" role="search" action="{$root}search.html" method="get" aria-labelledby="{$id}-label">
      <label for="{$id}" id="{$id}-label" class="visually-hidden"><xsl:sequence select="$label"/></label>
      <input id="{$id}" name="q" type="search" size="18" autocomplete="off"/>
      <button type="submit"><xsl:sequence select="h:ui('Search', '检索')"/></button>
    </form>
  </xsl:template>

  <!-- a link when the URL is safe, plain text otherwise -->
  <xsl:template name="h:maybe-link">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="rel" as="xs:string?" select="()"/>
    <xsl:choose>
      <xsl:when test="tc:safe-url($href) != ''">
        <a href="{tc:safe-url($href)}">
          <xsl:if test="$rel"><xsl:attribute name="rel" select="$rel"/></xsl:if>
          <xsl:value-of select="$text"/>
        </a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 1958-02-10 → 10 February 1958 (any prefix of an ISO date) -->
  <xsl:function name="h:date-en" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="
      if ($iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if (matches($iso, '^\d{4}-\d\d$')) then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else string($iso)"/>
  </xsl:function>

  <!-- 1958-02-10 → 1958年2月10日 -->
  <xsl:function name="h:date-zh" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:variable name="parts" select="tokenize($iso, '-')[. != '']"/>
    <xsl:sequence select="string-join((
      $parts[1] || '年',
      (if ($parts[2]) then xs:integer($parts[2]) || '月' else ()),
      (if ($parts[3]) then xs:integer($parts[3]) || '日' else ())), '')"/>
  </xsl:function>
</xsl:stylesheet>

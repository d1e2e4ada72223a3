<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet: search.html, the one search box for both languages. Static: assets/search.js fills
  the filters from pagefind/bundles.json and runs the query from the URL (search.html?q=…&year=…), so
  every page's header box (a GET form with name="q") lands here. The input document is ignored.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tc="urn:teiedit:common"
    xmlns:h="urn:teiedit:html"
    exclude-result-prefixes="#all">

  <xsl:include href="../common/links.xsl"/>
  <xsl:include href="page.xsl"/>

  <xsl:mode name="h:search" on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:apply-templates select="." mode="h:search"/>
  </xsl:template>

  <xsl:template match="/" mode="h:search">
    <xsl:call-template name="h:page">
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="page-class" select="'search-page teiedit-search'"/>
      <xsl:with-param name="title" select="'Search · 检索 — ' || $edition-title"/>
      <xsl:with-param name="header-search" select="false()"/>
      <xsl:with-param name="scripts" select="'search.js'"/>
      <xsl:with-param name="head">
        <link rel="stylesheet" href="assets/search.css"/>
      </xsl:with-param>
      <xsl:with-param name="content">
        <h1><xsl:sequence select="h:ui('Search the edition', '全文检索')"/></h1>
        <form id="search-form" role="search" action="search.html" method="get" aria-labelledby="q-label">
          <p class="search-box">
            <label for="q" id="q-label"><xsl:sequence select="h:ui('Search in Chinese or English', '中英文检索')"/></label>
            <input id="q" name="q" type="search" autocomplete="off" size="40"/>
            <button type="submit"><xsl:sequence select="h:ui('Search', '检索')"/></button>
          </p>
          <fieldset id="filters">
            <legend><xsl:sequence select="h:ui('Filters', '筛选')"/></legend>
            <xsl:for-each select="(['year', 'Year', '年'], ['month', 'Month', '月'], ['page', 'Page', '版'],
                                   ['section', 'Section', '栏目'], ['column', 'Column', '专栏'])">
              <label>
                <xsl:sequence select="h:ui(?2, ?3)"/>
                <xsl:text> </xsl:text>
                <select name="{?1}" id="f-{?1}"><option value="">all · 全部</option></select>
              </label>
            </xsl:for-each>
            <label>
              <xsl:sequence select="h:ui('Sort', '排序')"/>
              <xsl:text> </xsl:text>
              <select name="sort" id="f-sort">
                <option value="">relevance · 相关度</option>
                <option value="date-asc">date, oldest first · 日期（早→晚）</option>
                <option value="date-desc">date, newest first · 日期（晚→早）</option>
              </select>
            </label>
          </fieldset>
        </form>
        <div id="search-message" role="status" aria-live="polite">
          <noscript><p><xsl:sequence select="h:ui('Search needs JavaScript.', '检索需要启用 JavaScript。')"/></p></noscript>
        </div>
        <ol id="search-results"></ol>
        <p><button type="button" id="search-more" hidden="hidden"><xsl:sequence select="h:ui('More results', '更多结果')"/></button></p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
